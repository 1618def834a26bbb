import { describe, expect, it } from 'vitest';
import { parseInput } from '../../http/validation';
import { saleCreateSchema, saleFormSchema, toFormFields } from './schemas';

// The sale form's text turned into the API's body, and the API's field names turned back into the form's.

const inAnHour = new Date(Date.now() + 3_600_000);
const form = {
  name: 'Drop',
  productId: '7',
  salePrice: '$1,299.50',
  units: '3',
  perCustomerLimit: '1',
  startsAt: inAnHour.toISOString(),
  startsAtLocal: '2000-01-01T00:00',
  endsAt: '',
  endsAtLocal: '2099-01-01T12:30',
  activeShoppers: '',
  admissionMinutes: '',
};

describe('the sale form', () => {
  it('sends exact cents, prefers the browser’s UTC time, and reads a bare picker value as UTC', () => {
    const body = saleFormSchema.parse(form);
    expect(body).toEqual({
      name: 'Drop',
      startsAt: inAnHour.toISOString(),
      endsAt: '2099-01-01T12:30:00Z',
      items: [{ productId: 7, salePriceCents: 129_950, units: 3, perCustomerLimit: 1 }],
      queue: null,
    });
    expect(saleFormSchema.parse({ ...form, activeShoppers: ' 40 ' }).queue).toEqual({ activeShoppers: 40 });
  });

  it('gives a line its admission length, the API’s default when empty, and refuses one without a line', () => {
    const lined = { ...form, endsAt: new Date(Date.now() + 7_200_000).toISOString(), activeShoppers: '5' };
    const queued = (extra: Record<string, string>) =>
      parseInput(saleCreateSchema, saleFormSchema.parse({ ...lined, ...extra })).queue;
    expect(queued({ admissionMinutes: ' 3 ' })).toEqual({ activeShoppers: 5, admissionMinutes: 3 });
    expect(queued({ admissionMinutes: '' })).toEqual({ activeShoppers: 5, admissionMinutes: 10 });
    const refused = (() => {
      try {
        parseInput(saleCreateSchema, saleFormSchema.parse({ ...lined, admissionMinutes: '0' }));
      } catch (error) {
        return error as { fields?: Record<string, string> };
      }
    })();
    expect(toFormFields(refused?.fields)).toEqual({
      admissionMinutes: 'An admission lasts at least 1 minute.',
    });
    expect(
      saleFormSchema.safeParse({ ...form, admissionMinutes: '15' }).error?.issues.map((issue) => issue.path),
    ).toEqual([['admissionMinutes']]);
  });

  it("names the API's refusals by the form's fields", () => {
    const body = saleFormSchema.parse({ ...form, units: '0', perCustomerLimit: 'x', endsAtLocal: '' });
    const refused = (() => {
      try {
        parseInput(saleCreateSchema, body);
      } catch (error) {
        return error as { fields?: Record<string, string> };
      }
    })();
    expect(toFormFields(refused?.fields)).toEqual({
      units: 'A sale offers at least 1 unit.',
      perCustomerLimit: 'The limit per customer must be a number.',
      endsAt: 'Give a time in ISO 8601 with its zone, like 2026-12-24T18:00:00Z.',
    });
    expect(saleFormSchema.safeParse({ ...form, salePrice: 'ten' }).error?.issues[0]?.path).toEqual([
      'salePrice',
    ]);
  });
});
