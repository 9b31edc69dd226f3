import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner, ErrorPage } from '@/components/ErrorBanner';
import { TextField } from '@/components/Field';
import { Row } from '@/components/ListState';
import { currentUser, startSession } from '@/services/auth';
import {
  applicantDevLogin,
  applicantWechatLogin,
  createApplication,
  getPublicRecruitment,
  myApplications,
  type Recruitment,
} from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { RECRUITMENT_STATUS, creditCodeError, deadlineText } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** Public 招募详情 (FT-6) and the way in for an applicant: sign in, name the company, start the application. */
export default function RecruitmentPage() {
  const { id = '' } = useRouter().params;
  const [r, setR] = useState<Recruitment | null>(null);
  const [error, setError] = useState('');
  const [signedIn, setSignedIn] = useState(false);
  const [devName, setDevName] = useState('');
  const [companyName, setCompanyName] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [busy, setBusy] = useState(false);

  useDidShow(() => {
    setSignedIn(currentUser()?.role === 'applicant');
    getPublicRecruitment(id)
      .then(setR)
      .catch((e) => setError(errorText(e)));
  });

  async function login() {
    setError('');
    try {
      const { accessToken } = IS_WEAPP ? await applicantWechatLogin() : await applicantDevLogin(devName.trim());
      await startSession(accessToken);
      setSignedIn(true);
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function apply() {
    const codeError = creditCodeError(creditCode);
    if (!companyName.trim() || codeError) {
      setError(!companyName.trim() ? '请填写企业名称' : codeError);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const existing = (await myApplications()).find((a) => a.recruitmentId === id);
      const app =
        existing ?? (await createApplication(id, { name: companyName.trim(), creditCode: creditCode.trim() }));
      await Taro.navigateTo({ url: ROUTES.intake.apply(app.id) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!r) return <ErrorPage message={error} />;
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View id="recruitment-title" className="intake__title">
          {r.title}
        </View>
        <View className="intake__meta">
          {RECRUITMENT_STATUS[r.status]} · {r.mode === 'batch' ? '分批次一次性引入' : '每月周期性引入'}
        </View>
        <Row name="报名" valueId="recruitment-deadline">
          {deadlineText(r)}
        </Row>
        {r.quota != null && <Row name="招募数量">{r.quota} 家</Row>}
        {r.products.length > 0 && <Row name="合作产品">{r.products.join('、')}</Row>}
        {(r.industry || r.region) && <Row name="行业/地区">{[r.industry, r.region].filter(Boolean).join(' / ')}</Row>}
        {r.contact && <Row name="联系方式">{r.contact}</Row>}
        {r.description && <View className="intake__body">{r.description}</View>}
        <View className="intake__meta">发布时间：{formatBeijing(r.publishedAt)}</View>
      </View>
      {r.changeLog.length > 0 && (
        <View id="recruitment-changes" className="card">
          <View className="card__title">变更记录</View>
          {r.changeLog.map((c, i) => (
            <View key={i} className="intake__meta">
              {formatBeijing(c.at)}：
              {c.changes.map((x) => `${x.field} ${String(x.from ?? '—')} → ${String(x.to ?? '—')}`).join('；')}
            </View>
          ))}
        </View>
      )}
      {r.status === 'published' && (
        <View className="card">
          <View className="card__title">我要报名</View>
          {!signedIn ? (
            <View>
              {!IS_WEAPP && (
                <TextField label="开发环境登录名" id="applicant-name" value={devName} onChange={setDevName} />
              )}
              <ActionButton id="applicant-login" className="btn btn--primary" onClick={() => void login()}>
                {IS_WEAPP ? '微信登录后报名' : '登录'}
              </ActionButton>
            </View>
          ) : (
            <View>
              <TextField label="企业名称" id="apply-company" value={companyName} onChange={setCompanyName} />
              <TextField label="统一社会信用代码" id="apply-credit-code" value={creditCode} onChange={setCreditCode} />
              <ActionButton id="apply-start" className="btn btn--primary" loading={busy} onClick={() => void apply()}>
                填写申请
              </ActionButton>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
