export const ROUTES = {
  login: '/pages/login/index',
  complaints: '/pages/complaints/index',
  me: '/pages/me/index',
  register: '/packages/staff/pages/register/index',
  detail: (id: string) => `/packages/complaint/pages/detail/index?id=${encodeURIComponent(id)}`,
} as const;
