import { LocalServiceError } from './service-error.js';

/** What a receipt handle stands for: one delivery of one message of one queue. */
export interface Receipt {
  queueUrl: string;
  messageId: string;
  delivery: number;
}

/** An opaque handle, as SQS gives, that still names its queue so `delete` needs nothing else. */
export function encodeReceipt(receipt: Receipt): string {
  const parts = [receipt.queueUrl, receipt.messageId, receipt.delivery];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The receipt behind `handle`; throws `ReceiptHandleIsInvalid` for anything not ours. */
export function decodeReceipt(handle: string): Receipt {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw invalid(handle);
  const [queueUrl, messageId, delivery] = parts;
  if (typeof queueUrl !== 'string' || typeof messageId !== 'string') throw invalid(handle);
  if (typeof delivery !== 'number') throw invalid(handle);

  return { queueUrl, messageId, delivery };
}

function invalid(handle: string): LocalServiceError {
  return new LocalServiceError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle.slice(0, 64)}" is not a valid receipt handle.`,
  );
}
