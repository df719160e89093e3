import { businessUnitKind } from './business-units.ts';
import { cartKind } from './carts.ts';
import {
  categoryKind,
  inventoryKind,
  productTypeKind,
  shippingMethodKind,
  taxCategoryKind,
  zoneKind,
} from './catalog-kinds.ts';
import { customerKind } from './customers.ts';
import { orderKind } from './orders.ts';
import { paymentKind } from './payments.ts';
import { productKind } from './products.ts';
import { channelKind, stateKind, storeKind, typeKind } from './reference-kinds.ts';
import type { Versioned } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';
import { subscriptionKind } from './subscriptions.ts';

/** Every resource type the emulator serves, by its path segment under `/{projectKey}/`. */
export function resourceKinds(p: ProjectState): Map<string, ResourceKind<Versioned>> {
  const kinds = [
    cartKind(p),
    orderKind(p),
    paymentKind(p),
    customerKind(p),
    businessUnitKind,
    productKind(p),
    inventoryKind,
    channelKind,
    storeKind,
    taxCategoryKind,
    zoneKind,
    shippingMethodKind,
    stateKind,
    typeKind,
    categoryKind,
    productTypeKind,
    subscriptionKind,
  ] as unknown as ResourceKind<Versioned>[];
  return new Map(kinds.map((k) => [k.path, k]));
}
