/**
 * XML-RPC encoding for the simulator's own HTTP server, using the (de)serializers of the npm
 * `xmlrpc` package. Its bundled server answers HTTP 404 to unknown methods, whereas Cobbler
 * answers a fault, so the simulator serves HTTP itself and only borrows the codec.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

interface DeserializerInstance {
  deserializeMethodCall(
    stream: IncomingMessage,
    callback: (error: Error | null, methodName?: string, params?: unknown[]) => void,
  ): void;
}

interface XmlRpcCodec {
  Deserializer: new () => DeserializerInstance;
  Serializer: {
    serializeMethodResponse(value: unknown): string;
    serializeFault(fault: { faultCode: number; faultString: string }): string;
  };
}

const require = createRequire(import.meta.url);
// The package exposes no typings for its internals; the shapes above are the parts used here.
const codec: XmlRpcCodec = {
  Deserializer: require('xmlrpc/lib/deserializer.js') as XmlRpcCodec['Deserializer'],
  Serializer: require('xmlrpc/lib/serializer.js') as XmlRpcCodec['Serializer'],
};

/** One decoded method call. */
export interface MethodCall {
  method: string;
  params: unknown[];
}

/** Reads a `<methodCall>` from a request body. */
export function readMethodCall(request: IncomingMessage): Promise<MethodCall> {
  return new Promise((resolve, reject) => {
    let settled = false;
    new codec.Deserializer().deserializeMethodCall(request, (error, method, params) => {
      if (settled) return;
      settled = true;
      if (error !== null || method === undefined) reject(error ?? new Error('no method name'));
      else resolve({ method, params: params ?? [] });
    });
  });
}

/** A `<methodResponse>` carrying `value`. */
export function encodeResponse(value: unknown): string {
  return codec.Serializer.serializeMethodResponse(value);
}

/** A `<methodResponse><fault>`. */
export function encodeFault(faultCode: number, faultString: string): string {
  return codec.Serializer.serializeFault({ faultCode, faultString });
}
