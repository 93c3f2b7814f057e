import { DomainError } from '../../domain/errors.js';
import type { Carrier } from '../../domain/shipping/carriers.js';
import { type ConfigCache, ConfigKind } from '../store-config.js';
import type { StoreRecord } from '../../store/store.js';
import { checkConnection } from './carrier-client.js';
import { type CarrierQuotes, DEFAULT_CARRIER_DEADLINE_MS } from './carrier-quotes.js';

export type CarrierInput = Omit<Carrier, 'id'>;

/**
 * Connecting and disconnecting carrier apps. Connecting first asks the carrier whether it accepts
 * the credentials (upstream's `check_connection_options`); a refusal changes nothing.
 */
export class CarrierService {
  constructor(
    private readonly configs: ConfigCache,
    readonly quotes: CarrierQuotes,
    private readonly deadlineMs = DEFAULT_CARRIER_DEADLINE_MS,
  ) {}

  async connect(record: StoreRecord, carrier: CarrierInput): Promise<number> {
    if (carrier.checkConnectionUrl) {
      const check = await checkConnection(carrier.checkConnectionUrl, carrier.connectionOptions, this.deadlineMs);
      if (!check.valid) {
        throw new DomainError(422, `The carrier refused the connection options: ${check.messages.join(' ') || 'no reason given'}`, { connection_options: 'refused by the carrier' });
      }
    }
    return this.configs.insert(record, ConfigKind.carrier, carrier);
  }

  async disconnect(record: StoreRecord, id: number): Promise<boolean> {
    return (await this.configs.remove(record, ConfigKind.carrier, [id])) > 0;
  }
}
