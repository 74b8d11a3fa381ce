import { logOut } from "../api";

export function LogOutButton({ label, onSignedOut }: { label: string; onSignedOut: () => void }) {
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      onClick={() => {
        logOut();
        onSignedOut();
      }}
    >
      {label}
    </button>
  );
}
