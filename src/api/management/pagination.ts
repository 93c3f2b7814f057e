/**
 * Upstream's `meta.pagination`. Links are query strings relative to the listing, keeping the
 * request's filters; `previous` and `next` are left out where there is no such page.
 */
export function pagination(rawQuery: string, total: number, count: number, perPage: number, page: number) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const kept = [...new URLSearchParams(rawQuery)].filter(([k]) => k !== 'page' && k !== 'limit');
  const encode = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  const link = (p: number) => `?${[...kept, ['page', String(p)], ['limit', String(perPage)]].map(([k, v]) => `${encode(k!)}=${encode(v!)}`).join('&')}`;
  return {
    total,
    count,
    per_page: perPage,
    current_page: page,
    total_pages: totalPages,
    links: {
      ...(page > 1 ? { previous: link(Math.min(page - 1, totalPages)) } : {}),
      current: link(page),
      ...(page < totalPages ? { next: link(page + 1) } : {}),
    },
  };
}
