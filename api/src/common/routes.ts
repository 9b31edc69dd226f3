import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { Role } from '@huoban/core';
import { PUBLIC, ROLES, STAFF_ONLY } from './auth.js';
import { rateLimitOf, type RateLimitKind } from './rate-limit.js';

export interface RouteInfo {
  method: string;
  /** full path with the global prefix, parameters as `:name` */
  path: string;
  public: boolean;
  /** roles allowed (empty on a non-public route: refused at start-up, see assertRolesDeclared) */
  roles: Role[];
  controller: string;
  handler: string;
  /** its rate limit (`@RateLimited`), if any */
  rateLimit?: RateLimitKind;
  /** `@StaffOnly()`: staff and admins, not reviewers and committee members */
  staffOnly: boolean;
}

const PREFIX = 'api/v1';
const EXCLUDED = new Set(['health']);
const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/**
 * Every route the app serves, read from Nest's module container (the route table the router was built from), with
 * its auth metadata. Tests walk it so a route added later cannot escape the authorization matrix.
 */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!ctrl?.prototype) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const fn = (ctrl.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (sub === undefined || method === undefined) continue;
        const pub = Reflect.getMetadata(PUBLIC, fn) ?? Reflect.getMetadata(PUBLIC, ctrl) ?? false;
        const roles: Role[] = Reflect.getMetadata(ROLES, fn) ?? Reflect.getMetadata(ROLES, ctrl) ?? [];
        for (const b of base)
          for (const s of ([] as string[]).concat(sub)) {
            const own = join(b, s);
            // Nest's prefix exclusion matches whole paths: `/health` is excluded, `/health/live` is not
            const path = EXCLUDED.has(own.slice(1)) ? own : join(PREFIX, own);
            routes.push({
              method: RequestMethod[method]!,
              path,
              public: pub,
              roles,
              controller: ctrl.name,
              handler: name,
              rateLimit: rateLimitOf(fn),
              staffOnly: !!(Reflect.getMetadata(STAFF_ONLY, fn) ?? Reflect.getMetadata(STAFF_ONLY, ctrl)),
            });
          }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Deny by default: every route declares `@Public()` or its roles. Called at start-up (createApp), so a route added
 * without a declaration stops the api instead of serving every signed-in caller.
 */
export function assertRolesDeclared(app: INestApplication): void {
  const bare = listRoutes(app).filter((r) => !r.public && r.roles.length === 0);
  if (bare.length)
    throw new Error(
      `Routes without a role declaration (add @Roles(...) or @Public()):\n - ${bare
        .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
        .join('\n - ')}`,
    );
}

/** The routes express actually registered (method + path), to check the Nest table is complete. */
export function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return stack
    .filter((l) => l.route)
    .flatMap((l) => {
      const methods = Object.keys(l.route!.methods);
      // a catch-all (express `all`) lists every HTTP method; report it once
      if (methods.length > 20) return [`ALL ${l.route!.path}`];
      return methods.map((m) => `${m.toUpperCase()} ${l.route!.path}`);
    });
}
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}
