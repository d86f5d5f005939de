import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { AdminUser } from './admin-user.entity';

/** A login: the token is random and only its SHA-256 is kept, so a stolen database opens nothing. */
@Entity({ tableName: 'admin_session' })
@Index({ properties: ['user'] })
export class AdminSession {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @ManyToOne(() => AdminUser, { ref: true, deleteRule: 'cascade' })
  user!: Ref<AdminUser>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;
}
