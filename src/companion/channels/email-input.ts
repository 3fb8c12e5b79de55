/**
 * Checks what goes into an email's headers before any channel sends it. A line break in the
 * subject or an address (from a record, a merge field or a rep's draft) would let the text add
 * headers of its own — another Bcc, a different From — on a channel that writes raw MIME (SMTP),
 * so it is refused, never silently stripped; an address must be a plain `local@domain`.
 */

/** CR, LF and the other characters mail software may treat as line ends. */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
/** A plain address: no spaces, quotes, brackets, commas or semicolons; one @ and a dotted domain. */
const ADDRESS = /^[^\s@,;<>()"[\]\\]+@[^\s@,;<>()"[\]\\]+\.[^\s@,;<>()"[\]\\.]+$/;

export interface EmailHeaders {
  to: string;
  subject: string;
  cc: string[];
  bcc: string[];
}

export type HeaderProblem = { field: 'to' | 'subject' | 'cc' | 'bcc'; message: string };

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * The first problem with an email's headers, or null when they are safe to send.
 *
 * @example
 * emailHeaderProblem({ to: 'ann@example.com', subject: 'Hi\r\nBcc: eve@example.com', cc: [], bcc: [] })
 * //=> { field: 'subject', message: 'The subject contains a line break (CR/LF), which could add mail headers' }
 */
export function emailHeaderProblem(email: EmailHeaders): HeaderProblem | null {
  if (LINE_BREAK.test(email.subject)) {
    return {
      field: 'subject',
      message: 'The subject contains a line break (CR/LF), which could add mail headers'
    };
  }
  const lists: Array<['to' | 'cc' | 'bcc', string[]]> = [
    ['to', [email.to]],
    ['cc', email.cc],
    ['bcc', email.bcc]
  ];
  for (const [field, addresses] of lists) {
    for (const address of addresses) {
      const label = field === 'to' ? 'The recipient' : `${field === 'cc' ? 'Cc' : 'Bcc'} address`;
      if (LINE_BREAK.test(address)) {
        return { field, message: `${label} ${shown(address)} contains a line break (CR/LF)` };
      }
      if (!ADDRESS.test(address))
        return { field, message: `${label} ${shown(address)} is not an email address` };
    }
  }
  return null;
}
