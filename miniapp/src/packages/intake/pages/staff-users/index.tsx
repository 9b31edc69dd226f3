import { useEffect, useRef, useState } from 'react';
import { Input, Picker, View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { ChipsField, TextField } from '@/components/Field';
import { useAction, useForm } from '@/hooks/useForm';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useServerTable } from '@/hooks/useServerTable';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { useWideScreen } from '@/hooks/useWideScreen';
import { currentUser } from '@/services/auth';
import {
  createStaffUser,
  editStaffUser,
  staffUsers,
  staffUserTable,
  type StaffUser,
  type StaffUserRow,
  type StaffUserTableQuery,
} from '@/services/intake';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import { affiliationOf, type Affiliation } from '@/utils/intake';
import { ROLE_LABEL } from '@/utils/labels';
import { errorText } from '@/utils/errors';
import '../../../staff/staff.css';
import '../../intake.css';

const ROLES = ['staff', 'reviewer', 'committee', 'admin'] as const;
type Role = (typeof ROLES)[number];
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r as Role, label: ROLE_LABEL[r] }));
const AFF_LABEL = { companyName: '名称', creditCode: '信用代码', phone: '电话' } as const;

const roleLabel = (role: string) => (ROLE_LABEL as Record<string, string>)[role] ?? role;
const COLUMNS: Column<StaffUserRow>[] = [
  { key: 'username', title: '用户名', text: (u) => u.username, width: 2 },
  { key: 'name', title: '姓名', text: (u) => u.displayName ?? '—', width: 2 },
  { key: 'role', title: '角色', text: (u) => roleLabel(u.role) },
  { key: 'team', title: '团队', text: (u) => u.team ?? '—' },
  { key: 'state', title: '状态', text: (u) => (u.disabled ? '已停用' : '启用') },
  { key: 'createdAt', title: '创建时间', text: (u) => formatBeijing(u.createdAt), width: 2 },
];

/**
 * #18 the admin's 员工 table: by role and state, searched by a prefix of the name or username, paged by the api;
 * asked again (same filters and page) whenever the cards below were reloaded after a change (`changed`).
 */
function UsersTable({ changed }: { changed: unknown }) {
  const t = useServerTable(staffUserTable, { sort: 'username', order: 'asc' } as StaffUserTableQuery);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else t.reload();
  }, [changed]);
  return (
    <View>
      <View className="console__title">全部人员</View>
      <ErrorBanner message={t.error} />
      <DataTable
        id="staff-users"
        columns={COLUMNS}
        rows={t.data.items}
        rowKey={(u) => u.id}
        server={t.server(['username', 'createdAt'], '姓名或用户名开头')}
        toolbar={
          <View>
            <Chips
              idPrefix="staff-users-role"
              options={[{ value: 'all', label: '全部角色' }, ...ROLE_OPTIONS]}
              value={t.query.role ?? 'all'}
              onChange={(v) => t.change({ role: v === 'all' ? undefined : v })}
            />
            <Chips
              idPrefix="staff-users-enabled"
              options={[
                { value: 'all', label: '全部状态' },
                { value: 'true', label: '启用' },
                { value: 'false', label: '已停用' },
              ]}
              value={t.query.enabled ?? 'all'}
              onChange={(v) => t.change({ enabled: v === 'all' ? undefined : v })}
            />
          </View>
        }
        detail={(u) => (
          <View>
            <View className="card__title">{u.displayName ?? u.username}</View>
            <KeyValues
              rows={[
                ['用户名', u.username],
                ['角色', roleLabel(u.role)],
                ['团队', u.team ?? '—'],
                ['状态', u.disabled ? '已停用' : '启用'],
              ]}
            />
          </View>
        )}
        empty="没有符合条件的人员"
      />
    </View>
  );
}

/** Admins manage staff accounts: role and team (FT-8 panels need ≥ 3 teams), disable; every change is audited. */
export default function StaffUsersPage() {
  const [items, setItems] = useState<StaffUser[]>([]);
  const { error, setError, run } = useAction(() => load());
  const { values: form, field } = useForm(
    { username: '', password: '', role: 'reviewer' as Role, team: '', companyName: '', creditCode: '', phone: '' },
    'su',
  );
  const [teams, setTeams] = useState<Record<string, string>>({});
  /** FT-8: the registered affiliation being edited, per user */
  const [affs, setAffs] = useState<Record<string, Affiliation>>({});
  const load = () => {
    staffUsers()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
  };
  const allowed = useStaffGuard(load);
  const me = currentUser();
  const admin = me?.role === 'admin';
  const wide = useWideScreen();
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {admin && (
        <View className="card">
          <View className="card__title">新增人员</View>
          <TextField label="用户名" {...field('username')} />
          <TextField label="初始密码（至少8位）" password {...field('password')} />
          <ChipsField label="角色" options={ROLE_OPTIONS} {...field('role')} />
          <TextField label="团队" {...field('team')} />
          <TextField label="登记单位名称（利益冲突核查，可选）" {...field('companyName')} />
          <TextField label="登记单位统一社会信用代码（可选）" {...field('creditCode')} />
          <TextField label="登记联系电话（可选）" {...field('phone')} />
          <ActionButton
            id="su-create"
            className="btn btn--primary"
            onClick={() =>
              void run(() =>
                createStaffUser({
                  username: form.username.trim(),
                  password: form.password,
                  role: form.role,
                  ...(form.team.trim() && { team: form.team.trim() }),
                  affiliation: affiliationOf(form),
                }),
              )
            }
          >
            新增
          </ActionButton>
        </View>
      )}
      {wide && admin && <UsersTable changed={items} />}
      <View className="card">
        {items.map((u) => (
          <View key={u.id} id={`su-${u.username}`} className="intake__item">
            <View className="intake__title">
              {u.displayName ?? u.username}
              {u.disabled ? '（已停用）' : ''}
            </View>
            <View className="intake__meta">
              {u.username} · {ROLE_LABEL[u.role as keyof typeof ROLE_LABEL] ?? u.role} · {u.team ?? '未分配团队'}
              {u.affiliation &&
                ` · 登记单位：${[u.affiliation.companyName, u.affiliation.creditCode, u.affiliation.phone].filter(Boolean).join(' / ')}`}
            </View>
            {admin && (
              <View className="staff__actions">
                <Picker
                  mode="selector"
                  range={ROLES.map((r) => ROLE_LABEL[r])}
                  value={Math.max(0, ROLES.indexOf(u.role as (typeof ROLES)[number]))}
                  onChange={(e) => void run(() => editStaffUser(u.id, { role: ROLES[Number(e.detail.value)] }))}
                >
                  <View id={`su-role-of-${u.username}`} className="chip">
                    调整角色
                  </View>
                </Picker>
                <Input
                  className="field__input"
                  nativeProps={{ 'aria-label': `${u.username} 的新团队` }}
                  placeholder="新团队"
                  value={teams[u.id] ?? ''}
                  onInput={(e) => setTeams({ ...teams, [u.id]: e.detail.value })}
                />
                <SmallButton
                  mini={false}
                  onClick={() => void run(() => editStaffUser(u.id, { team: (teams[u.id] ?? '').trim() }))}
                >
                  调整团队
                </SmallButton>
                {(['companyName', 'creditCode', 'phone'] as const).map((k) => (
                  <Input
                    key={k}
                    className="field__input"
                    nativeProps={{ 'aria-label': `${u.username} 的登记单位${AFF_LABEL[k]}` }}
                    placeholder={`登记单位${AFF_LABEL[k]}`}
                    value={(affs[u.id] ?? u.affiliation ?? {})[k] ?? ''}
                    onInput={(e) =>
                      setAffs({ ...affs, [u.id]: { ...(affs[u.id] ?? u.affiliation ?? {}), [k]: e.detail.value } })
                    }
                  />
                ))}
                <SmallButton
                  mini={false}
                  onClick={() =>
                    void run(() =>
                      editStaffUser(u.id, { affiliation: affiliationOf(affs[u.id] ?? u.affiliation ?? {}) }),
                    )
                  }
                >
                  保存登记单位
                </SmallButton>
                {u.id !== me?.userId && (
                  // an admin does not disable their own account
                  <SmallButton
                    tone="danger"
                    mini={false}
                    onClick={() => void run(() => editStaffUser(u.id, { disabled: !u.disabled }))}
                  >
                    {u.disabled ? '启用' : '停用'}
                  </SmallButton>
                )}
              </View>
            )}
          </View>
        ))}
      </View>
    </StaffPage>
  );
}
