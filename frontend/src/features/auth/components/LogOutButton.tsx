import { useLogOut } from "../api";

export function LogOutButton({ label, onSignedOut }: { label: string; onSignedOut: () => void }) {
  const logOut = useLogOut();
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      disabled={logOut.isPending}
      onClick={() => logOut.mutate(undefined, { onSettled: onSignedOut })}
    >
      {label}
    </button>
  );
}
