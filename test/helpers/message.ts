// Plain RFC 5322 test messages, built as text so each test shows exactly the bytes it feeds in.

export function plainMessage(options: {
  from: string;
  to: string;
  subject?: string;
  body?: string;
  extraHeaders?: string[];
}): Uint8Array {
  const lines = [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject ?? 'Quarterly numbers'}`,
    'Date: Sat, 28 Nov 2026 10:00:00 +0000',
    'Message-ID: <test-1@example.org>',
    ...(options.extraHeaders ?? []),
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body ?? 'The numbers are in.\nRegards\n',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
