import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { ErrorBanner, ErrorPage } from '@/components/ErrorBanner';
import { PickerField, TextField } from '@/components/Field';
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
import { errorText } from '@/utils/errors';
import { APPLICATION_STATUS, CRITERIA, creditCodeError, nextDue } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

const isH5 = process.env.TARO_ENV === 'h5';
const TAXPAYER = [
  { value: 'general', label: '一般纳税人' },
  { value: 'small_scale', label: '小规模纳税人' },
] as const;

/** The first contact's fields (E2E `#apply-contact-name`, `#apply-contact-phone`). */
const CONTACT_FIELDS = [
  ['name', '联系人'],
  ['phone', '联系电话'],
] as const;

/** The application form (FT-2): company facts, Annex 1 answers with evidence, declaration; submit freezes it. */
export default function ApplyPage() {
  const { id = '' } = useRouter().params;
  const [app, setApp] = useState<Application | null>(null);
  const [company, setCompany] = useState<Company | null>(null);
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [declaration, setDeclaration] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  function load(a: Application) {
    setApp(a);
    setCompany({
      ...a.company,
      // FT-2 criterion 2 asks for a general VAT taxpayer: the form starts there
      taxpayerType: a.company.taxpayerType ?? 'general',
      contacts: a.company.contacts?.length ? a.company.contacts : [{ name: '', phone: '' }],
    });
    setAnswers(Object.fromEntries(a.answers.map((x) => [x.criterion, x.met])));
    setDeclaration(Boolean(a.declaration));
  }
  useDidShow(() => {
    getApplication(id)
      .then(load)
      .catch((e) => setError(errorText(e)));
  });

  const set = (patch: Partial<Company>) => setCompany((c) => (c ? { ...c, ...patch } : c));
  const contact = company?.contacts[0] ?? { name: '', phone: '' };

  async function save(): Promise<Application | null> {
    if (!app || !company) return null;
    const codeError = creditCodeError(company.creditCode);
    if (codeError) {
      setError(codeError);
      return null;
    }
    const saved = await saveDraft(app.id, {
      rev: app.rev,
      company: {
        name: company.name,
        creditCode: company.creditCode,
        legalRep: company.legalRep,
        taxpayerType: company.taxpayerType,
        contacts: company.contacts.filter((c) => c.name || c.phone),
        ...(company.registeredOn && { registeredOn: company.registeredOn }),
      },
      answers: CRITERIA.map((c) => ({ criterion: c.id, met: Boolean(answers[c.id]) })),
      declaration,
    });
    load({ ...saved, files: app.files });
    return saved;
  }

  async function run(what: () => Promise<void>) {
    setBusy(true);
    setError('');
    setNotice('');
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function upload(criterion: string, picked: PickedFile | null) {
    if (!picked || !app) return;
    await run(async () => {
      await uploadEvidence(app.id, criterion, picked);
      load(await getApplication(app.id));
      setNotice(`已上传：${picked.name}`);
    });
  }

  async function chooseInWechat(criterion: string) {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png'] });
      const f = res.tempFiles[0];
      if (f) await upload(criterion, { name: f.name, size: f.size, path: f.path });
    } catch {
      // cancelled
    }
  }

  if (!app || !company) return <ErrorPage message={error} />;
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
        <View className="intake__meta">第 {app.version} 版</View>
        <View id="apply-status" className="intake__title">
          {APPLICATION_STATUS[app.status] ?? app.status}
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
                {c.passed ? '✓' : '✗'} {c.reason}
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
          <TextField
            key={k}
            label={label}
            id={`apply-${k}`}
            disabled={!editable}
            value={company[k] ?? ''}
            onChange={(v) => set({ [k]: v } as Partial<Company>)}
          />
        ))}
        <PickerField
          label="纳税人类型"
          id="apply-taxpayer"
          range={TAXPAYER.map((t) => t.label)}
          disabled={!editable}
          text={TAXPAYER.find((t) => t.value === company.taxpayerType)?.label ?? '请选择'}
          onPick={(i) => set({ taxpayerType: TAXPAYER[i].value })}
        />
        {CONTACT_FIELDS.map(([k, label]) => (
          <TextField
            key={k}
            label={label}
            id={`apply-contact-${k}`}
            disabled={!editable}
            value={contact[k]}
            onChange={(v) => set({ contacts: [{ ...contact, [k]: v }] })}
          />
        ))}
      </View>
      <View className="card">
        <View className="card__title">资质要求（附件1）</View>
        {CRITERIA.map((c) => {
          const files = (app.files ?? []).filter((f) => f.criterion === c.id);
          return (
            <View key={c.id} className="intake__criterion">
              <View className="intake__body">{c.text}</View>
              <View className="row">
                <Text className="row__key">是否符合</Text>
                <Switch
                  id={`apply-answer-${c.id}`}
                  checked={Boolean(answers[c.id])}
                  disabled={!editable}
                  onChange={(e) => setAnswers((a) => ({ ...a, [c.id]: e.detail.value }))}
                />
              </View>
              {files.map((f) => (
                <View key={f.id} className="intake__meta">
                  📎 {f.fileName}
                </View>
              ))}
              {editable &&
                (isH5 ? (
                  <input
                    id={`apply-file-${c.id}`}
                    className="intake__file-input"
                    type="file"
                    accept=".pdf,.jpg,.jpeg,.png"
                    onChange={(e) => {
                      const f = e.currentTarget.files?.[0];
                      void upload(c.id, f ? { name: f.name, size: f.size, file: f } : null);
                    }}
                  />
                ) : (
                  <SmallButton mini={false} onClick={() => void chooseInWechat(c.id)}>
                    上传证明材料
                  </SmallButton>
                ))}
            </View>
          );
        })}
      </View>
      <View className="card">
        <View className="row">
          <Text className="row__key">本企业承诺所填信息及材料真实有效</Text>
          <Switch
            id="apply-declaration"
            checked={declaration}
            disabled={!editable}
            onChange={(e) => setDeclaration(e.detail.value)}
          />
        </View>
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
              onClick={() =>
                void run(async () => {
                  const saved = await save();
                  if (saved) {
                    await submitApplication(saved.id, saved.rev);
                    load(await getApplication(saved.id));
                  }
                })
              }
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
                  load(await getApplication(app.id));
                })
              }
            >
              修改（生成新版本）
            </ActionButton>
          )
        )}
      </View>
    </View>
  );
}
