import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type SessionDetails = Schemas["SessionDetails"];
export type Photo = Schemas["PhotoView"];

export function useSession(id: string) {
  return useQuery({
    queryKey: keys.session(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}", { params: { path: { id } }, signal })),
    retry: (count, error) => count < 2 && !(error instanceof Error && "status" in error && (error.status === 404 || error.status === 403)),
  });
}

/**
 * A photo as a `blob:` URL: images need the bearer token, so an <img src> cannot fetch them itself.
 * The URL is revoked when the component unmounts or the photo changes.
 */
export function usePhotoUrl(sessionId: string, kind: string): { url: string | null; error: unknown } {
  const photo = useQuery({
    queryKey: keys.sessionPart(sessionId, `photo:${kind}`),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/sessions/{id}/photos/{kind}", {
          params: { path: { id: sessionId, kind } },
          parseAs: "blob",
          signal,
        }),
      ),
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!(photo.data instanceof Blob)) return;
    const objectUrl = URL.createObjectURL(photo.data);
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [photo.data]);
  return { url, error: photo.error };
}
