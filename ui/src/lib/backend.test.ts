import { describe, expect, it } from 'vitest';
import { BackendError, toBackendError } from './backend';

describe('command errors', () => {
  it('keeps code and message of a CommandError', () => {
    const e = toBackendError({ code: 'not_found', message: 'Không tìm thấy bài viết có mã “x”.' });
    expect(e).toBeInstanceOf(BackendError);
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('Không tìm thấy bài viết có mã “x”.');
  });
  it('shows the message in the UI language', () => {
    const ce = {
      code: 'forbidden',
      message: 'Vai trò phóng viên không được sao lưu tòa soạn: chỉ quản trị.',
      message_en: 'A reporter may not back up the newsroom: only an admin.',
    };
    expect(toBackendError(ce, 'en').message).toBe('A reporter may not back up the newsroom: only an admin.');
    expect(toBackendError(ce, 'vi').message).toBe('Vai trò phóng viên không được sao lưu tòa soạn: chỉ quản trị.');
    expect(toBackendError(ce, 'en').code).toBe('forbidden');
  });
  it('wraps a bare string from the IPC layer as internal', () => {
    const e = toBackendError('command list_articles not allowed by ACL');
    expect(e.code).toBe('internal');
    expect(e.message).toContain('not allowed');
  });
});
