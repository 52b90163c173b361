import { parseMultipart } from '../../web/multipart';

describe('parseMultipart', () => {
  it('reads text fields and a UTF-8 file whose content holds CRLFs', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        'Content-Disposition: form-data; name="_csrf"',
        '',
        'tok',
        '--XyZ',
        'Content-Disposition: form-data; name="file"; filename="負担割合.csv"',
        'Content-Type: text/csv',
        '',
        'a,b\r\n1,2\r\n',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    expect(parseMultipart(body, 'multipart/form-data; boundary=XyZ')).toEqual({
      _csrf: 'tok',
      file: { name: '負担割合.csv', content: 'a,b\r\n1,2\r\n' },
    });
  });

  it('answers nothing without a boundary', () => {
    expect(parseMultipart(Buffer.from('x'), 'multipart/form-data')).toEqual({});
  });
});
