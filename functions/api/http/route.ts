import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { NotFound } from '../../core/errors.js';
import { authorize } from '../auth/authorize.js';
import type { AppEnv } from '../env.js';
import { readJson, validate } from './body.js';

/** Who may call a route: operators with a token, node agents (site or admin network), anyone. */
export type Access = 'operator' | 'agent' | 'public';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: Method;
  /** OpenAPI-style path under /api/v1, e.g. `/nodes/{node_id}`; every `{param}` is an integer id. */
  path: string;
  summary: string;
  tag: string;
  /** Defaults to `operator`. */
  access?: Access;
  /** Validates the JSON body (PUT/POST/PATCH); absent means the body is ignored. */
  body?: B;
  /** Validates the query string (an object of strings in). */
  query?: Q;
  /** Documented answers; the schema of the success answer makes the OpenAPI document useful. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<B, Q> {
  c: Context<AppEnv>;
  body: B;
  query: Q;
  params: Record<string, number>;
}

export type RouteHandler<B, Q> = (input: RouteInput<B, Q>) => Promise<Response> | Response;

const MAX_ID = 2_147_483_647;

/**
 * Registers routes on a Hono app and describes each in an OpenAPI registry, so the document
 * comes from the same zod schemas that validate requests.
 */
export class Router {
  readonly registry = new OpenAPIRegistry();
  readonly #patterns: { regex: RegExp; methods: Set<string> }[] = [];

  constructor(
    readonly app: Hono<AppEnv>,
    readonly prefix = '/api/v1',
  ) {}

  route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q>,
    handler: RouteHandler<Infer<B>, Infer<Q>>,
  ): void {
    const access = spec.access ?? 'operator';
    const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1{[0-9]+}');
    this.#remember(spec);
    this.#document(spec, access);

    this.app.on(spec.method.toUpperCase(), honoPath, async (c) => {
      await authorize(c, access);
      const params = parseParams(c.req.param() as Record<string, string>, c);
      const query = spec.query ? validate(spec.query, c.req.query()) : undefined;
      const body = spec.body ? validate(spec.body, await readJson(c.req.raw)) : undefined;
      return handler({ c, params, query: query as Infer<Q>, body: body as Infer<B> });
    });
  }

  /** The methods registered for a path, when some route matches it (for 405 answers). */
  methodsFor(path: string): Set<string> | undefined {
    const relative = path.replace(/^\/api(\/v1)?/, '').replace(/\/$/, '') || '/';
    return this.#patterns.find((p) => p.regex.test(relative))?.methods;
  }

  #remember(spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined>): void {
    const source = `^${spec.path.replace(/\{\w+\}/g, '[0-9]+')}$`;
    let entry = this.#patterns.find((p) => p.regex.source === source);
    if (!entry) {
      entry = { regex: new RegExp(source), methods: new Set() };
      this.#patterns.push(entry);
    }
    entry.methods.add(spec.method.toUpperCase());
  }

  #document(spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined>, access: Access): void {
    const paramNames = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}),
        },
      ]),
    );
    this.registry.registerPath({
      method: spec.method,
      path: `${this.prefix}${spec.path}`,
      summary: spec.summary,
      tags: [spec.tag],
      security: access === 'operator' ? [{ keystoneToken: [] }] : access === 'agent' ? [] : [],
      request: {
        ...(paramNames.length > 0
          ? {
              params: z.object(
                Object.fromEntries(paramNames.map((n) => [n, z.number().int().positive()])),
              ),
            }
          : {}),
        ...(spec.query && spec.query instanceof z.ZodObject ? { query: spec.query } : {}),
        ...(spec.body
          ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } }
          : {}),
      },
      responses,
    });
  }
}

function parseParams(raw: Record<string, string>, c: Context<AppEnv>): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const n = Number(value);
    // Ids past int4 cannot exist; answering 404 here keeps PostgreSQL's range error away.
    if (!Number.isSafeInteger(n) || n > MAX_ID) throw new NotFound('Object not found');
    params[key] = n;
    if (key.endsWith('_id')) c.get('touched')[key] = n;
  }
  return params;
}
