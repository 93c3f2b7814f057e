// The checkout's steps, which app.js renders into the page's container: static markup, no data.
export const MARKUP = `
<header>
  <h1>Consign demo checkout <small id="store-name"></small></h1>
  <p>A page built on BigCommerce's own <code>@bigcommerce/checkout-sdk</code>, talking to this Consign's storefront API.</p>
</header>
<p id="status" role="status"></p>
<main>
  <div class="steps">
    <section id="step-products">
      <h2>1. Pick products</h2>
      <table id="products"><thead><tr><th>Product</th><th>Option</th><th>Price</th><th>Qty</th></tr></thead><tbody></tbody></table>
      <p id="cart-summary" hidden></p>
      <button id="start">Start checkout with these</button>
      <button id="start-over" class="quiet" hidden>Start over</button>
    </section>

    <section id="step-addresses" hidden>
      <h2>2. Split the items across addresses</h2>
      <div id="addresses"></div>
      <p id="nothing-to-ship" class="note" hidden>Only digital items: nothing to ship. Address A is the billing address.</p>
      <button id="add-address" class="quiet">Add an address</button>
      <table id="allocation"><thead></thead><tbody></tbody></table>
      <button id="ship">Ship to these addresses</button>
    </section>

    <section id="step-shipping" hidden>
      <h2>3. Choose how each consignment ships</h2>
      <div id="consignments"></div>
    </section>

    <section id="step-confirmation" hidden>
      <h2>Thank you</h2>
      <p id="confirmation"></p>
      <ul id="ordered-items"></ul>
      <p id="store-contact" class="note"></p>
    </section>

    <section id="step-order" hidden>
      <h2>4. Pay and place the order</h2>
      <p class="note">The SDK's <code>submitOrder</code> places the order (<code>/internalapi/v1/checkout/order</code>) and, for a card,
        pays Consign's test gateway at the store's own origin. 4111 1111 1111 1111 is approved, 4000 0000 0000 0002 declined
        (docs/payments.md). With hosted card fields, each field is a frame of Consign's that pays by itself.
        The billing address is Address A.</p>
      <div id="payment-methods"></div>
      <div id="card-fields" hidden>
        <label>Card number <input id="card-number" value="4111 1111 1111 1111" autocomplete="off"></label>
        <label>Expiry <input id="card-expiry" value="12/30" size="5"></label>
        <label>CVV <input id="card-cvv" value="123" size="4"></label>
      </div>
      <div id="hosted-card-fields" hidden>
        <label>Card number <span class="hosted-field" id="hosted-card-number"></span></label>
        <label>Expiry <span class="hosted-field" id="hosted-card-expiry"></span></label>
        <label>CVV <span class="hosted-field" id="hosted-card-code"></span></label>
        <label>Name on card <span class="hosted-field" id="hosted-card-name"></span></label>
      </div>
      <button id="place-order">Place order</button>
      <p id="order-result" role="status"></p>
      <p id="order-status" class="note"></p>
    </section>
  </div>

  <aside id="totals" hidden>
    <h2>Totals</h2>
    <dl>
      <dt>Subtotal</dt><dd data-total="subtotal"></dd>
      <dt>Shipping</dt><dd data-total="shipping"></dd>
      <dt>Handling</dt><dd data-total="handling"></dd>
      <dt>Tax</dt><dd data-total="tax"></dd>
      <dt class="grand">Grand total</dt><dd class="grand" data-total="grand"></dd>
    </dl>
  </aside>
</main>
`;
