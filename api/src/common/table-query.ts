import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { PageRequest } from '@huoban/core';

/** At most this many rows per page of a console table (`pageSize` ≤ 100). */
export const MAX_PAGE_SIZE = 100;

/**
 * #18 the paging of a console table's query: `page` (from 1), `pageSize` (≤ 100, default 20), `order` (`asc` or
 * `desc`); each table adds its filters, its search text `q` and its `sort` whitelist.
 */
export class TableQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 10_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

/** The page asked for, with the table's default sort key and order. */
export function pageRequest<S extends string>(
  q: TableQuery & { sort?: S },
  sort: S,
  order: 'asc' | 'desc',
): PageRequest<S> {
  return {
    page: q.page ?? 1,
    pageSize: q.pageSize ?? 20,
    sort: q.sort ?? sort,
    order: (q.order ?? order) === 'asc' ? 1 : -1,
  };
}

/** The answer of a console table: the rows of the page, the count over all pages, the page and its size. */
export const tablePage = <T>(p: { items: T[]; total: number }, req: PageRequest) => ({
  items: p.items,
  total: p.total,
  page: req.page,
  pageSize: req.pageSize,
});
