import { askConsent, loadSubscriptions } from '@/services/subscriptions';
import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { DocumentPicker } from '@/components/DocumentPicker';
import { ErrorBanner, ErrorPage } from '@/components/ErrorBanner';
import { PickerField, TextField } from '@/components/Field';
import { FieldError } from '@/components/FieldError';
import { MenuItem } from '@/components/ListState';
import type { PickedFile } from '@/services/files';
import {
  getApplication,
  reviseApplication,
  saveDraft,
  submitApplication,
  uploadEvidence,
  type Application,
  type Company,
} from '@/services/intake';
import { useForm } from '@/hooks/useForm';
import { useIntakeContext } from '@/hooks/useIntakeContext';
import { endSession } from '@/services/auth';
import { ROUTES } from '@/routes';
import { ApiError } from '@/services/api-error';
import { errorText } from '@/utils/errors';
import { withoutRuleCodes } from '@/utils/messages';
import { CRITERIA, creditCodeError, nextDue, signedPartnerCode } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

const TAXPAYER = [
  { value: 'general', label: '一般纳税人' },
  { value: 'small_scale', label: '小规模纳税人' },
] as const;

/** The first contact's fields (E2E `#apply-contact-name`, `#apply-contact-phone`). */
const CONTACT_FIELDS = [
  ['contactName', '联系人', 'apply-contact-name'],
  ['contactPhone', '联系电话', 'apply-contact-phone'],
] as const;

/** The form's values: the company's facts, the four 是否符合 answers and the declaration, flat. */
interface ApplyValues {
  name: string;
  creditCode: string;
  registeredOn: string;
  legalRep: string;
  taxpayerType: Company['taxpayerType'];
  contactName: string;
  contactPhone: string;
  answers: Record<string, boolean>;
  declaration: boolean;
}

const EMPTY: ApplyValues = {
  name: '',
  creditCode: '',
  registeredOn: '',
  legalRep: '',
  taxpayerType: 'general',
  contactName: '',
  contactPhone: '',
  answers: {},
  declaration: false,
};

/** What the server holds, as the form's values. */
function valuesOf(a: Application): ApplyValues {
  const contact = a.company.contacts?.[0];
  return {
    name: a.company.name ?? '',
    creditCode: a.company.creditCode ?? '',
    registeredOn: a.company.registeredOn ?? '',
    legalRep: a.company.legalRep ?? '',
    // FT-2 criterion 2 asks for a general VAT taxpayer: the form starts there
    taxpayerType: a.company.taxpayerType ?? 'general',
    contactName: contact?.name ?? '',
    contactPhone: contact?.phone ?? '',
    answers: Object.fromEntries(a.answers.map((x) => [x.criterion, x.met])),
    declaration: Boolean(a.declaration),
  };
}

/** After 已签约: the applicant is now a partner, who signs in as one and finds the letter there. */
function HandOver({ code }: { code: string }) {
  return (
    <View id="apply-handover" className="card intake__handover">
      <View className="card__title">已签约：请以伙伴身份登录</View>
      <View className="intake__body">
        贵司已成为合作伙伴{code ? `，伙伴编码 ${code}` : ''}。请退出申请人账号，在登录页以伙伴身份登录；
        业务拓展授权书在「我的 → 业务拓展授权书」中查看和下载，出具后即可扫码核验。
      </View>
      <ActionButton
        id="apply-handover-login"
        className="btn btn--primary"
        onClick={() => {
          endSession();
          void Taro.reLaunch({ url: ROUTES.login });
        }}
      >
        以伙伴身份登录
      </ActionButton>
    </View>
  );
}

/** api paths of this form's fields that are not its keys */
const ALIASES = { 'contacts.name': 'contactName', 'contacts.phone': 'contactPhone' };

/**
 * The application form (FT-2): company facts, Annex 1 answers with evidence, declaration; submit freezes it.
 * What was typed survives an evidence upload, a 409 reload and a failed submit (useForm's `load`); a 400's
 * messages show beside their fields and the page scrolls to the first.
 */
export default function ApplyPage() {
  const { id = '' } = useRouter().params;
  const [app, setApp] = useState<Application | null>(null);
  const form = useForm<ApplyValues>(EMPTY, 'apply', { aliases: ALIASES, extraFields: ['company'] });
  const { values } = form;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  /** A fresh read of the application: its record, and the form's values except what was typed since. */
  async function reload(): Promise<Application> {
    const a = await getApplication(id || app!.id);
    setApp(a);
    form.load(valuesOf(a));
    return a;
  }
  useDidShow(() => {
    reload().catch((e) => setError(errorText(e)));
    void loadSubscriptions();
  });

  async function save(): Promise<Application | null> {
    if (!app) return null;
    const codeError = creditCodeError(values.creditCode);
    if (codeError) {
      form.setErrors({ creditCode: codeError });
      setError('请检查标红的字段');
      return null;
    }
    form.setErrors({});
    const saved = await saveDraft(app.id, {
      rev: app.rev,
      company: {
        name: values.name,
        creditCode: values.creditCode,
        legalRep: values.legalRep,
        taxpayerType: values.taxpayerType,
        contacts: [{ name: values.contactName, phone: values.contactPhone }].filter((c) => c.name || c.phone),
        ...(values.registeredOn && { registeredOn: values.registeredOn }),
      },
      answers: CRITERIA.map((c) => ({ criterion: c.id, met: Boolean(values.answers[c.id]) })),
      declaration: values.declaration,
    });
    setApp({ ...saved, files: app.files });
    form.reset(valuesOf(saved));
    return saved;
  }

  async function run(what: () => Promise<void>) {
    setBusy(true);
    setError('');
    setNotice('');
    try {
      await what();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // someone else changed it: the latest version, with what was typed kept
        await reload().catch(() => undefined);
        setError(`${errorText(e)}；已载入最新版本，您填写的内容已保留，请再次提交`);
      } else setError(form.fail(e));
    } finally {
      setBusy(false);
    }
  }

  async function upload(criterion: string, picked: PickedFile) {
    if (!app) return;
    await run(async () => {
      await uploadEvidence(app.id, criterion, picked);
      await reload();
      setNotice(`已上传：${picked.name}`);
    });
  }

  const context = useIntakeContext(app ? [app] : []);
  if (!app) return <ErrorPage message={error} />;
  const editable = app.status === 'draft';
  const due = nextDue(app);
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {notice && (
        <View id="apply-notice" className="hint">
          {notice}
        </View>
      )}
      <View className="card">
        <View className="intake__meta">
          {context.title(app) ? `${context.title(app)} · ` : ''}第 {app.version} 版
        </View>
        <View id="apply-status" className="intake__title">
          {context.status(app)}
        </View>
        {due && (
          <View id="apply-due" className="intake__meta">
            {due.label}：{formatBeijing(due.at)}
          </View>
        )}
        {app.rejection && (
          <View id="apply-rejection" className="field__error">
            {app.rejection}
          </View>
        )}
        {app.checks.length > 0 && (
          <View>
            {app.checks.map((c) => (
              <View key={c.id} className={c.passed ? 'intake__meta' : 'field__error'}>
                {c.passed ? '✓' : '✗'} {withoutRuleCodes(c.reason)}
              </View>
            ))}
          </View>
        )}
        {app.decision && (
          <View id="apply-decision" className="intake__body">
            结果确认：{app.decision.result === 'approved' ? '拟引入' : '未入选'}
            {app.decision.reason ? `（${app.decision.reason}）` : ''}
          </View>
        )}
      </View>
      {app.status === 'signed' && <HandOver code={signedPartnerCode(app)} />}
      <View className="card">
        <View className="card__title">企业信息</View>
        {(
          [
            ['name', '企业名称'],
            ['creditCode', '统一社会信用代码'],
            ['registeredOn', '成立日期（YYYY-MM-DD）'],
            ['legalRep', '法定代表人'],
          ] as const
        ).map(([k, label]) => (
          <TextField key={k} label={label} disabled={!editable} {...form.field(k)} />
        ))}
        <PickerField
          label="纳税人类型"
          id="apply-taxpayer"
          range={TAXPAYER.map((t) => t.label)}
          disabled={!editable}
          text={TAXPAYER.find((t) => t.value === values.taxpayerType)?.label ?? '请选择'}
          onPick={(i) => form.set({ taxpayerType: TAXPAYER[i].value })}
          error={form.errors.taxpayerType}
          errorId="apply-taxpayerType-error"
        />
        {CONTACT_FIELDS.map(([k, label, inputId]) => (
          <TextField key={k} label={label} disabled={!editable} {...form.field(k)} id={inputId} />
        ))}
      </View>
      <View className="card">
        <View className="card__title">资质要求（附件1）</View>
        <FieldError id="apply-answers-error" message={form.errors.answers} />
        {CRITERIA.map((c) => {
          const files = (app.files ?? []).filter((f) => f.criterion === c.id);
          return (
            <View key={c.id} className="intake__criterion">
              <View className="intake__body">{c.text}</View>
              <View className="row">
                <Text className="row__key">是否符合</Text>
                <Switch
                  id={`apply-answer-${c.id}`}
                  nativeProps={{ 'aria-label': `是否符合资质要求第 ${c.id.slice(1)} 项` }}
                  checked={Boolean(values.answers[c.id])}
                  disabled={!editable}
                  onChange={(e) => form.set({ answers: { ...values.answers, [c.id]: e.detail.value } })}
                />
              </View>
              {files.map((f) => (
                <View key={f.id} className="intake__meta">
                  📎 {f.fileName}
                </View>
              ))}
              {editable && (
                <DocumentPicker id={`apply-file-${c.id}`} label="上传证明材料" onPick={(f) => void upload(c.id, f)} />
              )}
            </View>
          );
        })}
      </View>
      <View className="card">
        <View className="row">
          <Text className="row__key">本企业承诺所填信息及材料真实有效</Text>
          <Switch
            id="apply-declaration"
            nativeProps={{ 'aria-label': '本企业承诺所填信息及材料真实有效' }}
            checked={values.declaration}
            disabled={!editable}
            onChange={(e) => form.set({ declaration: e.detail.value })}
          />
        </View>
        <FieldError id="apply-declaration-error" message={form.errors.declaration} />
        <FieldError id="apply-actions-error" message={error} />
        {editable ? (
          <View className="staff__actions">
            <ActionButton
              id="apply-save"
              className="btn btn--default"
              loading={busy}
              onClick={() =>
                void run(async () => {
                  if (await save()) setNotice('已保存草稿');
                })
              }
            >
              保存草稿
            </ActionButton>
            <ActionButton
              id="apply-submit"
              className="btn btn--primary"
              loading={busy}
              onClick={() => {
                void askConsent(['application-result']); // inside the tap: WeChat asks before anything is awaited
                void run(async () => {
                  const saved = await save();
                  if (saved) {
                    await submitApplication(saved.id, saved.rev);
                    await reload();
                  }
                });
              }}
            >
              提交申请
            </ActionButton>
          </View>
        ) : (
          (app.status === 'submitted' || app.status === 'rejected') && (
            <ActionButton
              id="apply-revise"
              className="btn btn--default"
              onClick={() =>
                void run(async () => {
                  await reviseApplication(app.id, app.rev);
                  await reload();
                })
              }
            >
              修改（生成新版本）
            </ActionButton>
          )
        )}
      </View>
      {!editable && (
        // a read-only application still leads somewhere by keyboard (its page scrolls: axe scrollable-region-focusable)
        <View className="card">
          <MenuItem id="apply-to-my" url={ROUTES.intake.my} title="我的申请" />
        </View>
      )}
    </View>
  );
}
