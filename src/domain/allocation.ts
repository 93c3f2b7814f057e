import type { Checkout } from './checkout.js';
import type { AllocatedItem, Consignment } from './consignment.js';
import { NotFoundError, invalid } from './errors.js';
import type { ProductLineItem } from './line-items.js';

/** Where a split line's new id comes from (ConsignmentContext in consignments.ts provides it). */
export interface LineIds {
  newLineItemId(): string;
}

/**
 * A checkout's lines and consignments while one command allocates items to its consignments. It
 * changes only its own copies (the checkout it started from is a value, never changed), so that
 * allocating to a hundred consignments in one request costs in proportion to what moves, not to
 * the size of the checkout once per consignment.
 */
export class Allocation {
  /** Every line by id: the checkout's, and those split off in this allocation. */
  readonly #lines = new Map<string, ProductLineItem>();
  /**
   * The units left in each line that lost units to a split. Kept as a number, and the line copied
   * with it once in `checkout()`: a hundred splits of one line would otherwise copy it a hundred times.
   */
  readonly #left = new Map<string, number>();
  /** Lines split off each line, oldest first: each goes right after the line it came from, newest first. */
  readonly #splits = new Map<string, ProductLineItem[]>();
  readonly #consignments: Consignment[];
  /** The consignment (index) holding each allocated line. */
  readonly #owners = new Map<string, number>();
  /** The line ids of consignments this allocation changed, by index. */
  readonly #lineIds = new Map<number, string[]>();

  constructor(private readonly original: Checkout) {
    for (const line of original.lineItems.products) this.#lines.set(line.id, line);
    this.#consignments = [...original.consignments];
    this.#consignments.forEach((c, index) => {
      for (const id of c.lineItemIds) this.#owners.set(id, index);
    });
  }

  indexOf(consignmentId: string): number {
    const index = this.#consignments.findIndex((c) => c.id === consignmentId);
    if (index < 0) throw new NotFoundError('consignment', 'Consignment not found.');
    return index;
  }

  add(consignment: Consignment): number {
    return this.#consignments.push(consignment) - 1;
  }

  empty(index: number): void {
    for (const id of this.#idsOf(index)) this.#owners.delete(id);
    this.#lineIds.set(index, []);
  }

  /**
   * Puts items into a consignment. An item is a physical line of this cart, allocated whole or in
   * part: all of a line's units move the line (out of any consignment that held it); fewer units
   * split the line, as upstream does, into the remainder (which keeps its id and place) and a new
   * line of the allocated units. So quantities across consignments never exceed the cart's.
   * Returns the ids of the lines the consignment received.
   */
  allocate(index: number, items: readonly AllocatedItem[], ctx: LineIds, field: string): string[] {
    const moved: string[] = [];
    const seen = new Set<string>();
    items.forEach((item, position) => {
      if (seen.has(item.itemId)) throw invalid(`Line item ${item.itemId} is listed more than once.`, { [`${field}.${position}.item_id`]: 'duplicate' });
      seen.add(item.itemId);
      const line = this.#lines.get(item.itemId);
      if (!line || line.kind !== 'physical') {
        throw invalid(`Line item ${item.itemId} is not a physical item of this cart.`, { [`${field}.${position}.item_id`]: 'not a physical item of this cart' });
      }
      const quantity = this.#left.get(line.id) ?? line.quantity;
      if (item.quantity > quantity) {
        throw invalid(`Line item ${item.itemId} has only ${quantity} unit(s) in the cart.`, { [`${field}.${position}.quantity`]: `at most ${quantity}` });
      }
      if (item.quantity === quantity) {
        moved.push(line.id);
      } else {
        const split: ProductLineItem = { ...line, id: ctx.newLineItemId(), quantity: item.quantity };
        this.#left.set(line.id, quantity - item.quantity);
        this.#lines.set(split.id, split);
        // Appended, not prepended: a hundred splits of one line would copy the list a hundred times.
        const splits = this.#splits.get(line.id);
        if (splits) splits.push(split);
        else this.#splits.set(line.id, [split]);
        moved.push(split.id);
      }
    });
    for (const id of moved) {
      const owner = this.#owners.get(id);
      if (owner !== undefined) this.#lineIds.set(owner, this.#idsOf(owner).filter((other) => other !== id));
      this.#owners.set(id, index);
    }
    this.#lineIds.set(index, [...this.#idsOf(index), ...moved]);
    return moved;
  }

  /** The checkout as allocated. A consignment whose every line moved away is dropped by reconcileConsignments. */
  checkout(): Checkout {
    const products: ProductLineItem[] = [];
    const place = (line: ProductLineItem) => {
      const left = this.#left.get(line.id);
      products.push(left === undefined ? line : { ...line, quantity: left });
      const splits = this.#splits.get(line.id) ?? [];
      for (let i = splits.length - 1; i >= 0; i--) place(splits[i]!);
    };
    for (const line of this.original.lineItems.products) place(line);
    const consignments = this.#consignments.map((c, index) => {
      const ids = this.#lineIds.get(index);
      return ids === undefined ? c : { ...c, lineItemIds: ids };
    });
    return { ...this.original, lineItems: { ...this.original.lineItems, products }, consignments };
  }

  #idsOf(index: number): readonly string[] {
    return this.#lineIds.get(index) ?? this.#consignments[index]!.lineItemIds;
  }
}
