import { DECORATORS } from '@nestjs/swagger';

/** The three controllers the intake routes were first published under (their OpenAPI operation ids name them). */
type Published = 'PublicIntakeController' | 'IntakeController' | 'IntakeStaffController';

/**
 * Keeps each route's OpenAPI operation id as first published (`<controller>_<method>`), so that the split of the
 * intake routes into use-case controllers renames no operation of the contract (`contracts/`). `byDefault` names
 * the controller of every route of the class; `moved` the routes that came from another one, by handler name,
 * with the original `<controller>_<method>` id.
 */
export function PublishedAs(
  byDefault: Published,
  moved: Record<string, `${Published}_${string}`> = {},
): ClassDecorator {
  return (target) => {
    const proto = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (name === 'constructor' || typeof fn !== 'function') continue;
      const prev = (Reflect.getMetadata(DECORATORS.API_OPERATION, fn) as object | undefined) ?? {};
      const operationId = moved[name] ?? `${byDefault}_${name}`;
      Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...prev, operationId }, fn);
    }
  };
}
