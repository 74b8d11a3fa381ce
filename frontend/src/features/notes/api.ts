import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Note = Schemas["NoteView"];

export const MAX_NOTE_LENGTH = 4000;

export function useNotes(sessionId: string) {
  return useQuery({
    queryKey: keys.sessionPart(sessionId, "notes"),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/notes", { params: { path: { id: sessionId } }, signal })),
  });
}

export function useAddNote(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST("/api/v1/sessions/{id}/notes", { params: { path: { id: sessionId } }, body: { body } })),
    onSuccess: (note) => {
      queryClient.setQueryData<Schemas["NoteList"]>(keys.sessionPart(sessionId, "notes"), (list) =>
        list ? { items: [...list.items, note] } : list,
      );
      void queryClient.invalidateQueries({ queryKey: keys.sessionPart(sessionId, "notes") });
    },
  });
}
