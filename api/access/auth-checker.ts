import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { can, type Permission } from '../common/permissions';

/** The one check behind every `@Authorized(permission)`: who is asking, and may they. */
export const authChecker: AuthChecker<RequestContext, Permission> = ({ context }, permissions) => {
  const { viewer } = context;
  if (viewer.kind === 'anonymous') throw new UnauthenticatedError();
  const missing = permissions.find((permission) => !can(viewer, permission));
  if (missing) throw new ForbiddenError(`Not allowed: ${missing} is required`);
  return true;
};
