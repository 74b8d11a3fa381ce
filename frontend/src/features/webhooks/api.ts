import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Webhook = Schemas["WebhookView"];
export type Delivery = Schemas["DeliveryView"];
export type WebhookEventType = Schemas["WebhookEventType"];

/** The types an endpoint can subscribe to (`webhook.test` is sent only on request). */
export const SUBSCRIBABLE_TYPES: WebhookEventType[] = [
  "session.created",
  "session.completed",
  "session.status_changed",
  "session.decision_made",
  "screening.match_found",
  "session.redacted",
];

const webhooksKey = ["webhooks"] as const;

export function useWebhooks() {
  return useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/webhooks", { signal })),
  });
}

function useRefreshingMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useAddWebhook() {
  return useRefreshingMutation((body: Schemas["WebhookInput"]) => unwrap(api.POST("/api/v1/webhooks", { body })));
}

export function useChangeWebhook() {
  return useRefreshingMutation(({ id, body }: { id: string; body: Schemas["WebhookPatch"] }) =>
    unwrap(api.PATCH("/api/v1/webhooks/{id}", { params: { path: { id } }, body })),
  );
}

export function useRemoveWebhook() {
  return useRefreshingMutation((id: string) => unwrap(api.DELETE("/api/v1/webhooks/{id}", { params: { path: { id } } })));
}

export function useRotateSecret() {
  return useRefreshingMutation((id: string) =>
    unwrap(api.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path: { id } } })),
  );
}

export function useSendTest() {
  return useRefreshingMutation((id: string) => unwrap(api.POST("/api/v1/webhooks/{id}/test", { params: { path: { id } } })));
}

export function useDeliveries(webhookId: string) {
  return useQuery({
    queryKey: [...webhooksKey, webhookId, "deliveries"],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/webhooks/{id}/deliveries", { params: { path: { id: webhookId } }, signal })),
  });
}

export function useResend(webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(
        api.POST("/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", {
          params: { path: { id: webhookId, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...webhooksKey, webhookId, "deliveries"] }),
  });
}

export function useSessionDeliveries(sessionId: string) {
  return useQuery({
    queryKey: keys.sessionPart(sessionId, "webhook-deliveries"),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/sessions/{id}/webhook-deliveries", { params: { path: { id: sessionId } }, signal })),
  });
}
