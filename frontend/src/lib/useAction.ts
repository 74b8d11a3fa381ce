import { useState } from "react";

/** Whether an action passed in as a prop (rather than a query mutation) is running, and why it failed. */
export function useAction<Input, Output>(run: (input: Input) => Promise<Output>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function start(input: Input, then?: (output: Output) => void) {
    setPending(true);
    setError(null);
    try {
      const output = await run(input);
      then?.(output);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }
  return { pending, error, start };
}
