export const ROUTES = {
  login: '/pages/login/index',
  complaints: '/pages/complaints/index',
  me: '/pages/me/index',
  score: '/pages/score/index',
  register: '/packages/staff/pages/register/index',
  detail: (id: string) => `/packages/complaint/pages/detail/index?id=${encodeURIComponent(id)}`,
  /** With an entry id: the appeal form for it; without: the list of my appeals. */
  appeal: (entryId?: string) =>
    entryId ? `/packages/score/pages/appeal/index?entryId=${encodeURIComponent(entryId)}` : '/packages/score/pages/appeal/index',
  rectification: '/packages/score/pages/rectification/index',
} as const;
