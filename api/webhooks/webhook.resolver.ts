import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook-endpoint.entity';
import { webhookService } from './webhook.service';
import { CreateWebhookEndpointInput, EventPage, RotateWebhookSecretInput, UpdateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook.types';

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Authorized('webhooks:manage')
  @Query(() => [WebhookEndpoint], { nullable: true, description: 'Webhook endpoints: a partner token its own; an admin those of the agreements it reads' })
  webhookEndpoints(@Arg('agreementId', () => ID, { nullable: true }) agreementId: string | null, @Ctx() ctx: RequestContext) {
    return webhookService.endpoints(ctx, agreementId);
  }

  @Authorized('webhooks:manage')
  @Query(() => WebhookEndpoint, { nullable: true, description: 'One endpoint; NOT_FOUND outside the caller\'s scope' })
  webhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return webhookService.endpoint(ctx, id);
  }

  @Authorized('webhooks:manage')
  @Mutation(() => WebhookEndpointWithSecret, { description: 'Registers an endpoint; its signing secret is in this response only' })
  createWebhookEndpoint(@Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() ctx: RequestContext) {
    return webhookService.create(ctx, input);
  }

  @Authorized('webhooks:manage')
  @Mutation(() => WebhookEndpoint)
  updateWebhookEndpoint(@Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput, @Ctx() ctx: RequestContext) {
    return webhookService.update(ctx, input);
  }

  @Authorized('webhooks:manage')
  @Mutation(() => WebhookEndpointWithSecret, { description: 'A new signing secret, shown once; the old one keeps signing alongside for graceHours' })
  rotateWebhookEndpointSecret(@Arg('input', () => RotateWebhookSecretInput) input: RotateWebhookSecretInput, @Ctx() ctx: RequestContext) {
    return webhookService.rotateSecret(ctx, input);
  }

  @Authorized('webhooks:manage')
  @Mutation(() => ID, { description: 'Deletes an endpoint with its deliveries; queued deliveries are dropped' })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return webhookService.delete(ctx, id);
  }

  @Authorized('webhooks:manage')
  @Mutation(() => WebhookDelivery, { description: 'Sends a delivery again (same webhook-id), whatever its state' })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return webhookService.replay(ctx, id);
  }

  @Authorized('events:read')
  @Query(() => EventPage, { nullable: true, description: 'The events feed, oldest first: pass the last endCursor as `after` to get what happened since' })
  events(
    @Arg('after', () => String, { nullable: true, description: 'An endCursor or cursor from an earlier page; none: from the beginning' }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100, description: 'At most 500' }) first: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return webhookService.events(ctx, after, first ?? 100);
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'The latest deliveries, newest first' })
  deliveries(@Root() endpoint: WebhookEndpoint, @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'At most 100' }) first: number | null, @Ctx() ctx: RequestContext) {
    return webhookService.deliveriesOf(ctx, endpoint.id, first ?? 20);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => [WebhookAttempt], { description: 'Every HTTP request of this delivery, oldest first' })
  attempts(@Root() delivery: WebhookDelivery, @Ctx() ctx: RequestContext) {
    return webhookService.attemptsOf(ctx, delivery.id);
  }
}
