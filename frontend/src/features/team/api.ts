import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type Member = Schemas["MemberView"];
export type Invitation = Schemas["InvitationView"];
export type TeamRole = Schemas["TeamRole"];

const teamKey = ["team"] as const;

export function useMembers() {
  return useQuery({
    queryKey: teamKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/users", { signal })),
  });
}

function useTeamMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamKey }),
  });
}

export function useInvite() {
  return useTeamMutation((body: Schemas["InviteInput"]) => unwrap(api.POST("/api/v1/users", { body })));
}

export function useChangeMember() {
  return useTeamMutation(({ id, body }: { id: string; body: Schemas["MemberPatch"] }) =>
    unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body })),
  );
}

export function useReinvite() {
  return useTeamMutation((id: string) => unwrap(api.POST("/api/v1/users/{id}/invitation", { params: { path: { id } } })));
}

/** Turns a member's two-factor sign-in off, for a lost phone: they sign in with their password and may enrol again. */
export function useResetMfa() {
  return useTeamMutation((id: string) => unwrap(api.DELETE("/api/v1/users/{id}/mfa", { params: { path: { id } } })));
}

/** When the member last signed in, for servers that say so. */
export function lastSignInOf(member: Member): string | null {
  const reported = (member as Member & { last_login_at?: string | null }).last_login_at;
  return typeof reported === "string" ? reported : null;
}
