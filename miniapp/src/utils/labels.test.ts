import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ME_NAME_LABEL, replyAuthor } from './labels.js';

describe('labels', () => {
  it("#18 a reply's author is the partner's name, never its actor id", () => {
    assert.equal(replyAuthor('partner-6b16a0c2e4f1d3b5a7c9e1f2', '甲科技有限公司'), '甲科技有限公司');
    assert.equal(replyAuthor('6b16a0c2e4f1d3b5a7c9e1f2', '甲科技有限公司'), '运营人员');
    assert.equal(replyAuthor('王五', '甲科技有限公司'), '王五');
  });

  it("#18 a partner's signed-in name is labelled 企业名称, not 姓名", () => {
    assert.equal(ME_NAME_LABEL.partner, '企业名称');
    assert.equal(ME_NAME_LABEL.staff, '姓名');
  });
});
