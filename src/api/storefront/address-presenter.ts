import { type Address, countryName } from '../../domain/address.js';

/** An address in the storefront's words: billing, consignment, order and (less email) saved addresses. */
export function presentAddress(address: Address) {
  return {
    firstName: address.firstName,
    lastName: address.lastName,
    email: address.email,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    stateOrProvince: address.stateOrProvince,
    stateOrProvinceCode: address.stateOrProvinceCode,
    country: countryName(address.countryCode),
    countryCode: address.countryCode,
    postalCode: address.postalCode,
    phone: address.phone,
    customFields: address.customFields.map((f) => ({ fieldId: f.fieldId, fieldValue: f.fieldValue })),
  };
}
