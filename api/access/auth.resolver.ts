import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { AdminUser } from './admin-user.entity';
import { ChangePasswordInput, LoginInput, LoginResult } from './api-token.types';
import { authService } from './auth.service';
import { actorOf, sessionOf } from '../common/viewer';

/** The console session of the caller: an admin's or a partner account's. */
function consoleSession(ctx: RequestContext): { userId: number; sessionId: string } {
  if (ctx.viewer.kind === 'anonymous') throw new UnauthenticatedError();
  const session = sessionOf(ctx.viewer);
  if (!session) throw new ForbiddenError('Only console sessions have a user');
  return session;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: 'Opens an admin session; repeated failures are slowed down per username and address' })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext) {
    return authService.login(ctx, ctx.rateLimits, input.username, input.password);
  }

  @Query(() => AdminUser, { description: 'The logged-in admin' })
  me(@Ctx() ctx: RequestContext) {
    return ctx.em.findOneOrFail(AdminUser, { id: consoleSession(ctx).userId });
  }

  @Mutation(() => LoginResult, { description: 'A new session token for the same user; the current one stops working' })
  refreshSession(@Ctx() ctx: RequestContext) {
    return authService.refresh(ctx, consoleSession(ctx));
  }

  @Mutation(() => LoginResult, { description: 'Changes your own password: every session of your account ends, and this one is replaced by the session returned' })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: RequestContext) {
    const session = consoleSession(ctx);
    const username = actorOf(ctx.viewer).actorName!;
    return authService.changePassword(ctx, ctx.rateLimits, { ...session, username }, input.currentPassword, input.newPassword);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the current session' })
  logout(@Ctx() ctx: RequestContext) {
    return authService.logout(ctx, consoleSession(ctx));
  }
}
