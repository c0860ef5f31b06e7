// One clear line for a failed call, announced to screen readers.

export function ErrorLine({ message, testId = 'error' }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="error-line" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
