import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SmallButton, SubmitButton } from '@/components/ActionButton';
import { DocumentPicker } from '@/components/DocumentPicker';
import { ChipsField, TextField } from '@/components/Field';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useForm } from '@/hooks/useForm';
import { currentUser } from '@/services/auth';
import {
  downloadDocument,
  myDocuments,
  uploadPartnerDocument,
  type DocumentFields,
  type DocumentKind,
  type PartnerDocument,
} from '@/services/documents';
import type { PickedFile } from '@/services/files';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { DOCUMENT_KIND_OPTIONS, DOCUMENT_STATE_TONE } from '@/utils/documents';
import '../../intake.css';

const EMPTY: DocumentFields = { kind: '', title: '', number: '', issuedOn: '', expiresOn: '' };

/**
 * 我的证照: the partner's (or applicant's) licences and certificates with their validity; an expiring or expired one
 * is replaced by a new upload (the old one is kept as superseded).
 */
export default function DocumentsPage() {
  const [items, setItems] = useState<PartnerDocument[]>([]);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [notice, setNotice] = useState('');
  const form = useForm<DocumentFields>(EMPTY, 'doc', { extraFields: ['file'] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const reload = () =>
    myDocuments()
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorText(e)));
  useDidShow(() => {
    const role = currentUser()?.role;
    if (role !== 'partner' && role !== 'applicant') {
      void Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    void reload();
  });

  function replace(d: PartnerDocument) {
    form.reset({ kind: d.kind, title: d.title, number: d.number ?? '', issuedOn: '', expiresOn: '', replaces: d.id });
    form.setErrors({});
    setNotice(`正在替换：${d.title}，请填写新证照的日期并选择扫描件`);
  }

  async function submit() {
    setNotice('');
    if (!picked) {
      form.setErrors({ file: '请选择证照扫描件（PDF、JPG、PNG）' });
      return;
    }
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const saved = await uploadPartnerDocument(form.values, picked);
      setNotice(`已上传：${saved.title}（${saved.stateLabel}）`);
      form.reset(EMPTY);
      form.setErrors({});
      setPicked(null);
      await reload();
    } catch (e) {
      // a 400's messages go beside their fields (the typed values stay)
      setError(form.fail(e));
    } finally {
      setBusy(false);
    }
  }

  const current = items.filter((d) => d.status === 'current');
  const history = items.filter((d) => d.status !== 'current');
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">我的证照</View>
        {current.length === 0 && <View className="empty">尚未上传证照</View>}
        {current.map((d) => (
          <View key={d.id} id={`doc-${d.id}`} className="intake__body">
            <View>
              <Text className={`tag ${DOCUMENT_STATE_TONE[d.state]}`}>{d.stateLabel}</Text>
              {d.kindLabel} · {d.title}
            </View>
            {d.number && <View className="intake__meta">编号：{d.number}</View>}
            <View className="intake__meta">
              签发 {d.issuedOn} · {d.expiresOn ? `有效期至 ${d.expiresOn}` : '长期有效'}
            </View>
            <View className="intake__actions">
              {d.hasFile && (
                <SmallButton
                  id={`doc-download-${d.id}`}
                  onClick={() => void downloadDocument(d).catch((e) => setError(errorText(e)))}
                >
                  下载
                </SmallButton>
              )}
              {(d.state === 'expired' || d.state === 'expiring') && (
                <SmallButton id={`doc-replace-${d.id}`} tone="primary" onClick={() => replace(d)}>
                  重新上传
                </SmallButton>
              )}
            </View>
          </View>
        ))}
        {history.length > 0 && <View className="intake__meta">已替换的旧证照 {history.length} 份（留档备查）</View>}
      </View>

      <View className="card" id="doc-form">
        <View className="card__title">{form.values.replaces ? '替换证照' : '上传证照'}</View>
        {notice && (
          <View id="doc-notice" className="hint" role="status">
            {notice}
          </View>
        )}
        <ChipsField
          id="doc-kind"
          label="证照类型"
          options={DOCUMENT_KIND_OPTIONS}
          value={form.values.kind}
          onChange={(kind: DocumentKind | '') => form.set({ kind })}
          error={form.errors.kind}
          errorId="doc-kind-error"
        />
        <TextField label="证照名称" placeholder="如：增值电信业务经营许可证" {...form.field('title')} />
        <TextField label="证照编号（选填）" {...form.field('number')} />
        <TextField label="签发日期（YYYY-MM-DD）" {...form.field('issuedOn')} />
        <TextField label="有效期至（YYYY-MM-DD，长期有效请留空）" {...form.field('expiresOn')} />
        <DocumentPicker id="doc-file" label="证照扫描件" onPick={(f) => setPicked(f)} />
        {picked && <View className="intake__meta">已选择：{picked.name}</View>}
        <FieldError id="doc-file-error" message={form.errors.file} />
        <SubmitButton id="doc-submit" busy={busy} onClick={() => void submit()}>
          {form.values.replaces ? '上传新证照' : '上传'}
        </SubmitButton>
      </View>
    </View>
  );
}
