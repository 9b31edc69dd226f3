import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../../components/ActionButton';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { currentUser, startSession } from '../../../../services/auth';
import {
  applicantDevLogin,
  applicantWechatLogin,
  createApplication,
  getPublicRecruitment,
  myApplications,
  type Recruitment,
} from '../../../../services/intake';
import { ROUTES } from '../../../../routes';
import { errorText } from '../../../../utils/errors';
import { RECRUITMENT_STATUS, creditCodeError, deadlineText } from '../../../../utils/intake';
import { formatBeijing } from '../../../../utils/time';
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

  if (!r)
    return (
      <View className="page">
        <ErrorBanner message={error} />
      </View>
    );
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
        <View className="row">
          <Text className="row__key">报名</Text>
          <Text id="recruitment-deadline" className="row__value">
            {deadlineText(r)}
          </Text>
        </View>
        {r.quota != null && (
          <View className="row">
            <Text className="row__key">招募数量</Text>
            <Text className="row__value">{r.quota} 家</Text>
          </View>
        )}
        {r.products.length > 0 && (
          <View className="row">
            <Text className="row__key">合作产品</Text>
            <Text className="row__value">{r.products.join('、')}</Text>
          </View>
        )}
        {(r.industry || r.region) && (
          <View className="row">
            <Text className="row__key">行业/地区</Text>
            <Text className="row__value">{[r.industry, r.region].filter(Boolean).join(' / ')}</Text>
          </View>
        )}
        {r.contact && (
          <View className="row">
            <Text className="row__key">联系方式</Text>
            <Text className="row__value">{r.contact}</Text>
          </View>
        )}
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
                <View className="field">
                  <Text className="field__label">开发环境登录名</Text>
                  <Input
                    id="applicant-name"
                    className="field__input"
                    value={devName}
                    onInput={(e) => setDevName(e.detail.value)}
                  />
                </View>
              )}
              <ActionButton id="applicant-login" className="btn btn--primary" onClick={() => void login()}>
                {IS_WEAPP ? '微信登录后报名' : '登录'}
              </ActionButton>
            </View>
          ) : (
            <View>
              <View className="field">
                <Text className="field__label">企业名称</Text>
                <Input
                  id="apply-company"
                  className="field__input"
                  value={companyName}
                  onInput={(e) => setCompanyName(e.detail.value)}
                />
              </View>
              <View className="field">
                <Text className="field__label">统一社会信用代码</Text>
                <Input
                  id="apply-credit-code"
                  className="field__input"
                  value={creditCode}
                  onInput={(e) => setCreditCode(e.detail.value)}
                />
              </View>
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
