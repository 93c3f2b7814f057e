/** Consignment addresses in the demo store's zones: Austin's courier zip zone, Texas, the rest of the US, Canada. */
export const AUSTIN = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '78701' };
export const DALLAS = { ...AUSTIN, address1: '2500 McKinney Ave', city: 'Dallas', postal_code: '75201' };
export const PORTLAND = { ...AUSTIN, address1: '1 Main St', city: 'Portland', state_or_province: 'Oregon', state_or_province_code: 'OR', postal_code: '97201' };
export const TORONTO = { ...AUSTIN, address1: '100 Queen St W', city: 'Toronto', state_or_province: 'Ontario', state_or_province_code: 'ON', country_code: 'CA', postal_code: 'M5H 2N2' };
