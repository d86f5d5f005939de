import { ArrayMaxSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsText } from '../common/validators';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AgreementSide, EventType } from './outbox-event.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID, { nullable: true, description: 'The agreement (admins); a partner token registers under its own and may leave it out' })
  agreementId?: string | null;

  @Field(() => AgreementSide, { nullable: true, description: 'Whose events: PARTNER (default) or HOST (admins only)' })
  audience?: AgreementSide | null;

  @Field({ description: 'http(s) URL; loopback and private addresses are refused in production' })
  @IsText(2000)
  url!: string;

  @Field(() => [EventType])
  @ArrayMaxSize(50)
  eventTypes!: EventType[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true' })
  enabled?: boolean | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read: refused (CONFLICT, STALE_VERSION) if it changed since' })
  version!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(2000)
  url?: string | null;

  @Field(() => [EventType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  eventTypes?: EventType[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@InputType()
export class RotateWebhookSecretInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Int, { nullable: true, description: 'How many hours the old secret keeps signing alongside the new one (default 24, at most 168; 0 ends it now)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  graceHours?: number | null;
}

@ObjectType({ description: 'An endpoint with its signing secret: the secret is in this response only' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'whsec_… — verify deliveries with it (standardwebhooks); it is never shown again' })
  secret!: string;
}

@ObjectType({ description: 'Something that happened under an agreement, for the side it concerns (the outbox)' })
export class Event {
  @Field(() => ID)
  id!: string;

  @Field(() => EventType)
  type!: EventType;

  @Field(() => ID)
  agreementId!: string;

  @Field(() => AgreementSide)
  audience!: AgreementSide;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => GraphQLJSONObject, { description: 'Ids and states (e.g. feedbackId, status, version); read the details through the API' })
  payload!: Record<string, unknown>;

  @Field({ description: 'Pass as `after` to continue after this event' })
  cursor!: string;
}

@ObjectType()
export class EventPage {
  @Field(() => [Event])
  nodes!: Event[];

  @Field(() => String, { nullable: true, description: 'The cursor of the last event of this page, or the `after` given when the page is empty: poll again with it' })
  endCursor!: string | null;

  @Field({ description: 'More events are there now; otherwise poll again later with endCursor' })
  hasNextPage!: boolean;
}
