/**
 * Faults as Cobbler's XML-RPC server words them: always faultCode 1, and a faultString of the
 * form `"<exception class>:<str(exception)>"`. Cobbler's own `CX` prints the repr of its message,
 * hence the quotes in `<class 'cobbler.cexceptions.CX'>:'login failed (cobbler)'`.
 */
/** A fault the simulator answers instead of a value. */
export class SimFault extends Error {
  readonly faultCode = 1;
  readonly faultString: string;

  constructor(faultString: string) {
    super(faultString);
    this.name = 'SimFault';
    this.faultString = faultString;
  }
}

/** `raise CX(message)` inside Cobbler. */
export function cx(message: string): SimFault {
  return new SimFault(`<class 'cobbler.cexceptions.CX'>:${pyRepr(message)}`);
}

/** A Python built-in exception (`ValueError`, `TypeError`...) raised with `message`. */
export function pyError(className: string, message: string): SimFault {
  return new SimFault(`<class '${className}'>:${message}`);
}

/** `KeyError(key)`, whose str() is the repr of the key. */
export function keyError(key: string): SimFault {
  return pyError('KeyError', pyRepr(key));
}

/** Python's `repr()` of a str: single quotes unless the text holds only single quotes. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of text) {
    if (ch === '\\' || ch === quote) body += `\\${ch}`;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else body += ch;
  }
  return `${quote}${body}${quote}`;
}
