// Registering the place (POST /api/v1/places) when the signed-in account administers none. Checked here
// the way the server checks it (docs/api.md, Places), so most mistakes are named before anything is sent.
import { ApiError } from '../../shared/api';
import { CATEGORIES, t } from '../i18n';
import { busy, call, h, type View } from '../session';

export const createView: View = (app) => {
  const s = t();
  const name = h('input', {
    id: 'place-name',
    'data-testid': 'place-name',
    maxlength: '100',
    autocomplete: 'organization',
    required: true,
  });
  const address = h('input', {
    id: 'place-address',
    'data-testid': 'place-address',
    maxlength: '200',
    autocomplete: 'street-address',
    required: true,
  });
  const region = h('input', {
    id: 'place-region',
    'data-testid': 'place-region',
    inputmode: 'numeric',
    maxlength: '6',
    pattern: '\\d{6}',
    autocomplete: 'off',
    required: true,
  });
  const category = h(
    'select',
    { id: 'place-category', 'data-testid': 'place-category', required: true },
    h('option', { value: '' }, s.chooseCategory),
    ...CATEGORIES.map((c) => h('option', { value: c }, `${s.categories[c]} (${c})`)),
  );
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-place' }, s.create);
  const form = h(
    'form',
    { 'data-testid': 'create-form', class: 'narrow', novalidate: true },
    h('p', { class: 'hint' }, s.createHint),
    h('label', { for: 'place-name' }, s.placeName, name),
    h('label', { for: 'place-category' }, s.category, category),
    h('label', { for: 'place-region' }, s.region, region),
    h('label', { for: 'place-address' }, s.address, address),
    submit,
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const body = {
        region: region.value.trim(),
        address: address.value.trim(),
        category: category.value,
        name: name.value.trim(),
      };
      const fail = (field: HTMLElement, message: string) => {
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', 'error'); // the page's error line says what is wrong
        field.focus();
        return new ApiError('place.invalid', message, 400);
      };
      for (const f of [name, address, region, category]) {
        f.removeAttribute('aria-invalid');
        f.removeAttribute('aria-describedby');
      }
      if (!body.name || [...body.name].length > 100) throw fail(name, s.nameInvalid);
      if (!body.category) throw fail(category, s.categoryInvalid);
      if (!/^\d{6}$/.test(body.region)) throw fail(region, s.regionInvalid);
      if (!body.address || [...body.address].length > 200) throw fail(address, s.addressInvalid);
      const place = await call<{ id: string; name: string }>('POST', 'api/v1/places', body);
      app.notice(s.created(place.name));
      await app.go('place');
    });
  };
  // Places offered to this account (docs/api.md "Transfer offers"): accepting one makes it this account's.
  type Offer = { id: string; place: { id: string; name: string; address: string }; from: string };
  const offers = h('section', { 'data-testid': 'place-offers', hidden: true });
  const showOffers = (list: Offer[]) => {
    offers.hidden = list.length === 0;
    offers.replaceChildren(
      h('h2', {}, s.offersTitle),
      ...list.map((o) => {
        const accept = h('button', { type: 'button', class: 'primary', 'data-testid': 'accept-offer' }, s.acceptOffer);
        const decline = h('button', { type: 'button', 'data-testid': 'decline-offer' }, s.declineOffer);
        accept.onclick = () =>
          void busy(app, accept, async () => {
            await call('POST', `api/v1/me/place-offers/${encodeURIComponent(o.id)}/accept`);
            app.notice(s.offerAccepted(o.place.name));
            await app.go('place');
          });
        decline.onclick = () =>
          void busy(app, decline, async () => {
            await call('POST', `api/v1/me/place-offers/${encodeURIComponent(o.id)}/decline`);
            app.notice(s.offerDeclined);
            showOffers(list.filter((x) => x.id !== o.id));
          });
        return h(
          'div',
          { class: 'offer', 'data-testid': 'place-offer', 'data-id': o.id },
          h('p', {}, s.offerFrom(o.place.name, o.from), ' ', h('span', { class: 'hint' }, o.place.address)),
          h('div', { class: 'actions' }, accept, decline),
        );
      }),
    );
  };
  void call<{ offers: Offer[] }>('GET', 'api/v1/me/place-offers').then(
    (r) => showOffers(r.offers),
    (e) => app.error(e),
  );
  app.root.replaceChildren(offers, h('h2', {}, s.createTitle), form);
  name.focus();
};
