// The place (docs/api.md, Places and Inspectors): details, the poster (poster.svg shown and printed,
// poster.png downloaded: both need the bearer token, so they are fetched as blobs), the declaration code
// (shown, rotated), inspectors (listed, unbound), checkpoints (listed, added, removed) and the admin
// transfer, each destructive step behind a confirmation dialog.
import { ApiError } from '../../shared/api';
import { isValidPhone, maskPhone } from '../../shared/gb11643';
import { getLocale, t } from '../i18n';
import { confirmDialog } from '../../shared/dialogs';
import { busy, call, fetchBlob, h, placePath, saveBlob, type App, type View } from '../session';

export interface Place {
  id: string;
  name: string;
  address: string;
  category: string;
  region: string;
  createdAt: number;
  code: string;
  declarationCode?: string;
  checkpoints: { id: string; name: string }[];
}

interface Inspector {
  id: string;
  phone: string;
  name: string | null;
  boundAt: number;
}

const when = (time: number) =>
  new Date(time * 1000).toLocaleString(getLocale(), { dateStyle: 'medium', timeStyle: 'short' });

function section(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `${id}-title`, 'data-testid': `section-${id}` },
    h('h3', { id: `${id}-title`, tabindex: '-1' }, title),
    ...children,
  );
}

export const placeView: View = (app: App) => {
  const s = t();
  const placeId = app.me!.adminOf!;
  const urls: string[] = [];
  let alive = true;

  const details = h('dl', { class: 'details', 'data-testid': 'place-details' });
  const posterImg = h('img', { class: 'poster-img', 'data-testid': 'poster', alt: '' });
  const posterState = h('p', { class: 'hint', 'data-testid': 'poster-state' }, s.posterLoading);
  const print = h('button', { type: 'button', 'data-testid': 'print-poster', disabled: true }, s.print);
  const png = h('button', { type: 'button', 'data-testid': 'download-png' }, s.downloadPng);
  const openSvg = h(
    'a',
    { class: 'button-link', 'data-testid': 'open-svg', target: '_blank', rel: 'noopener', hidden: true },
    s.openSvg,
  );
  const decl = h('p', { class: 'declaration-code', 'data-testid': 'declaration-code', translate: 'no' });
  const rotate = h('button', { type: 'button', 'data-testid': 'rotate-declaration' }, s.rotate);
  const inspectors = h('div', { 'data-testid': 'inspectors' });
  const checkpoints = h('ul', { class: 'list', 'data-testid': 'checkpoints' });
  const cpName = h('input', {
    id: 'checkpoint-name',
    'data-testid': 'checkpoint-name',
    maxlength: '64',
    autocomplete: 'off',
  });
  const cpAdd = h('button', { type: 'submit', 'data-testid': 'add-checkpoint' }, s.addCheckpoint);
  const cpForm = h(
    'form',
    { class: 'row', 'data-testid': 'checkpoint-form' },
    h('label', { for: 'checkpoint-name' }, s.checkpointName, cpName),
    cpAdd,
  );
  const trPhone = h('input', {
    id: 'transfer-phone',
    'data-testid': 'transfer-phone',
    type: 'tel',
    inputmode: 'tel',
    maxlength: '11',
    autocomplete: 'off',
  });
  const trButton = h('button', { type: 'submit', 'data-testid': 'transfer' }, s.transferButton);
  const trForm = h(
    'form',
    { class: 'row', 'data-testid': 'transfer-form' },
    h('label', { for: 'transfer-phone' }, s.transferPhone, trPhone),
    trButton,
  );
  const trPendingText = h('span', {});
  const trCancel = h('button', { type: 'button', 'data-testid': 'cancel-transfer' }, s.cancelOffer);
  const trPending = h('p', { class: 'row', 'data-testid': 'transfer-pending', hidden: true }, trPendingText, trCancel);

  app.root.replaceChildren(
    h('h2', { class: 'visually-hidden' }, s.navPlace),
    h(
      'div',
      { class: 'grid' },
      section('details', s.details, details),
      section(
        'declaration',
        s.declaration,
        h('p', { class: 'hint' }, s.declarationHint),
        decl,
        h('div', { class: 'actions' }, rotate),
      ),
      section(
        'poster',
        s.poster,
        h('p', { class: 'hint' }, s.posterHint),
        posterState,
        h('div', { class: 'poster-frame' }, posterImg),
        h('div', { class: 'actions' }, print, png, openSvg),
      ),
      section('checkpoints', s.checkpoints, checkpoints, cpForm),
      section('inspectors', s.inspectors, inspectors),
      section('transfer', s.transfer, h('p', { class: 'hint' }, s.transferHint), trPending, trForm),
    ),
  );

  // ---- details, declaration code, checkpoints: GET /api/v1/places/{id}
  let place: Place | null = null;
  const showPlace = (p: Place) => {
    place = p;
    const rows: [string, Node | string][] = [
      [s.placeName, p.name],
      [s.category, `${s.categories[p.category] ?? p.category} (${p.category})`],
      [s.region, p.region],
      [s.address, p.address],
      [s.createdAt, when(p.createdAt)],
      [s.placeId, h('code', {}, p.id)],
      [
        s.placeCode,
        h(
          'a',
          { href: p.code, class: 'code-link', 'data-testid': 'place-code' },
          p.code.length > 60 ? `${p.code.slice(0, 57)}…` : p.code,
        ),
      ],
    ];
    details.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    details.dataset.placeId = p.id;
    showDeclaration(p.declarationCode ?? '');
    showCheckpoints(p.checkpoints);
  };
  const showDeclaration = (code: string) => {
    decl.textContent = code;
    decl.dataset.code = code;
    decl.setAttribute('aria-label', `${s.declaration}: ${code.split('').join(' ')}`);
  };
  const showCheckpoints = (list: { id: string; name: string }[]) => {
    checkpoints.replaceChildren(
      ...(list.length
        ? list.map((cp) => {
            const remove = h(
              'button',
              {
                type: 'button',
                class: 'small',
                'data-testid': 'remove-checkpoint',
                'aria-label': `${s.remove} ${cp.name}`,
              },
              s.remove,
            );
            remove.onclick = async () => {
              if (!(await confirmDialog(s.removeConfirm(cp.name), { confirm: s.remove, cancel: s.cancel }))) return;
              await busy(app, remove, async () => {
                await call('DELETE', placePath(placeId, `/checkpoints/${encodeURIComponent(cp.id)}`));
                await loadCheckpoints();
                cpName.focus();
              });
            };
            return h(
              'li',
              { 'data-testid': 'checkpoint', 'data-id': cp.id, 'data-name': cp.name },
              h('span', {}, cp.name),
              remove,
            );
          })
        : [h('li', { class: 'empty' }, s.checkpointsEmpty)]),
    );
  };
  const loadPlace = async () => showPlace(await call<Place>('GET', placePath(placeId)));
  const loadCheckpoints = async () =>
    showCheckpoints(
      (await call<{ checkpoints: { id: string; name: string }[] }>('GET', placePath(placeId, '/checkpoints')))
        .checkpoints,
    );

  // ---- inspectors
  const showInspectors = (list: Inspector[]) => {
    if (!list.length) return void inspectors.replaceChildren(h('p', { class: 'empty' }, s.inspectorsEmpty));
    const body = h(
      'tbody',
      {},
      ...list.map((i) => {
        const who = i.name ? `${i.name} ${i.phone}` : i.phone;
        const unbind = h(
          'button',
          { type: 'button', class: 'small', 'data-testid': 'unbind-inspector', 'aria-label': `${s.unbind} ${who}` },
          s.unbind,
        );
        unbind.onclick = async () => {
          if (!(await confirmDialog(s.unbindConfirm(who), { confirm: s.unbind, cancel: s.cancel }))) return;
          await busy(app, unbind, async () => {
            await call('DELETE', placePath(placeId, `/inspectors/${encodeURIComponent(i.id)}`));
            app.notice(s.unbound(who));
            await loadInspectors();
            document.getElementById('inspectors-title')?.focus(); // the button is gone: keep the keyboard in this section
          });
        };
        return h(
          'tr',
          { 'data-testid': 'inspector', 'data-id': i.id },
          h('td', {}, i.phone),
          h('td', {}, i.name ?? s.unnamed),
          h('td', {}, when(i.boundAt)),
          h('td', {}, unbind),
        );
      }),
    );
    inspectors.replaceChildren(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, s.inspectors),
          h(
            'thead',
            {},
            h('tr', {}, ...[s.phone, s.inspectorName, s.boundAt, s.actions].map((c) => h('th', { scope: 'col' }, c))),
          ),
          body,
        ),
      ),
    );
  };
  const loadInspectors = async () =>
    showInspectors((await call<{ inspectors: Inspector[] }>('GET', placePath(placeId, '/inspectors'))).inspectors);

  // ---- poster
  const loadPoster = async () => {
    const blob = await fetchBlob(placePath(placeId, `/poster.svg?locale=${getLocale() === 'en' ? 'en' : 'zh-CN'}`));
    if (!alive) return;
    const url = URL.createObjectURL(blob);
    urls.push(url);
    posterImg.onload = () => {
      posterImg.dataset.loaded = '1';
      posterState.hidden = true;
      print.disabled = false;
    };
    posterImg.onerror = () => (posterState.textContent = `${s.errors.unknown}: poster.svg`);
    posterImg.alt = s.posterAlt(place?.name ?? '');
    posterImg.src = url;
    openSvg.href = url;
    openSvg.hidden = false;
  };
  print.onclick = () => {
    document.body.classList.add('printing-poster');
    const done = () => {
      document.body.classList.remove('printing-poster');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };
  png.onclick = () =>
    void busy(app, png, async () => {
      saveBlob(await fetchBlob(placePath(placeId, '/poster.png')), `greenlight-poster-${placeId}.png`);
    });

  // ---- declaration code
  rotate.onclick = async () => {
    if (!(await confirmDialog(s.rotateConfirm, { confirm: s.rotate, cancel: s.cancel }))) return;
    await busy(app, rotate, async () => {
      const r = await call<{ declarationCode: string }>('POST', placePath(placeId, '/declaration-code'));
      showDeclaration(r.declarationCode);
      app.notice(s.rotated);
    });
  };

  // ---- checkpoints
  cpForm.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, cpAdd, async () => {
      const name = cpName.value.trim();
      if (!name || [...name].length > 64) throw new ApiError('checkpoint.invalid', s.checkpointInvalid, 400);
      await call('POST', placePath(placeId, '/checkpoints'), { name });
      cpName.value = '';
      await loadCheckpoints();
      cpName.focus();
    });
  };

  // ---- transfer: an offer the new admin accepts (the place stays here until then)
  type Offer = { id: string; phone: string; expiresAt: number };
  const showOffer = (offer: Offer | null) => {
    trPending.hidden = !offer;
    trPendingText.textContent = offer ? s.transferPending(offer.phone) : '';
    if (offer) trPending.dataset.id = offer.id;
    else delete trPending.dataset.id;
  };
  const loadOffer = async () =>
    showOffer((await call<{ offer: Offer | null }>('GET', placePath(placeId, '/transfer'))).offer);
  trCancel.onclick = () =>
    void busy(app, trCancel, async () => {
      await call('DELETE', placePath(placeId, '/transfer'));
      app.notice(s.offerCancelled);
      showOffer(null);
    });
  trForm.onsubmit = (ev) => {
    ev.preventDefault();
    const phone = trPhone.value.trim();
    if (!isValidPhone(phone)) return void app.error(new ApiError('person.phone', s.phoneInvalid, 400));
    void confirmDialog(s.transferConfirm(phone), { confirm: s.transferButton, cancel: s.cancel }).then(async (ok) => {
      if (!ok) return;
      await busy(app, trButton, async () => {
        showOffer(await call<Offer>('POST', placePath(placeId, '/transfer'), { phone }));
        app.notice(s.transferred(maskPhone(phone)));
        trPhone.value = '';
      });
    });
  };

  // The details and the inspectors load in parallel; the poster after the details (its alt text names the
  // place). Each failure is reported without stopping the rest.
  const report = (e: unknown) => alive && app.error(e);
  loadInspectors().catch(report);
  loadOffer().catch(report);
  loadPlace().then(
    () =>
      loadPoster().catch((e) => {
        posterState.textContent = '';
        report(e);
      }),
    report,
  );
  return () => {
    alive = false;
    for (const u of urls) URL.revokeObjectURL(u);
  };
};
