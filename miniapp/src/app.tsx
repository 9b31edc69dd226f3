// E2E selectors on H5. Taro renders its components as custom elements that carry our id:
//   <Input id="x">    → <taro-input-core id="x"><input class="weui-input"></taro-input-core>   type into `#x input`
//   <Textarea id="x"> → <taro-textarea-core id="x"><textarea class="taro-textarea"></taro-textarea-core>   type into `#x textarea`
//   <Button id="x">   → <taro-button-core id="x">   click `#x`;  <View>/<Text> → taro-view-core / taro-text-core
// Ids: #login-partner-code, #login-partner-submit, #login-staff-username, #login-staff-password, #login-staff-submit,
// #complaint-list, #complaint-<id>, #countdown-<id>, #register-open (staff), #logout (我的);
// detail: #complaint-status, #detail-countdown, #reply-text, #reply-submit, #confirm-<replyId>, #reject-<replyId>,
// #reject-reason-<replyId>; 我的评分 (pages/score): #score-total, #score-flag, #score-tier (credit), #score-next,
// #score-suspended, #score-settlement-hold, #score-chart (bars #chart-bar-<month|period>), #score-components
// (#component-<key>), #score-entries (#entry-<credit entry id | scorecard entry index>), #appeal-open-<entryId>,
// #appeal-status-<entryId>, #appeals-open, #rectification-open, #score-empty; appeal: #appeal-entry, #appeal-reason,
// #appeal-reason-error, #appeal-submit, #appeal-conflict, #appeal-list, #appeal-<id>; rectification: #rectification-<id>,
// #rectification-countdown-<id>, #rectification-edit-<id>, #rectification-plan, #rectification-evidence,
// #rectification-submit, #rectification-empty; register: #register-partner-q, #register-partner-<code>, #register-kind-<kind>,
// #register-channel-<channel>, #register-summary, #register-date, #register-time, #register-submit; #error-message.
// Pages further down the navigation stack stay in the DOM (display: none): use `#error-message:visible`.
import type { PropsWithChildren } from 'react';
import './app.css';

export default function App({ children }: PropsWithChildren) {
  return children;
}
