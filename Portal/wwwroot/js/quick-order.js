// Quick order: suggests SKUs while typing and appends "SKU<tab>quantity" lines to the text box.
(() => {
    const input = document.getElementById('sku-lookup');
    const list = document.getElementById('sku-suggestions');
    const lines = document.getElementById('Lines');
    let timer;
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            if (input.value.trim().length < 2) return;
            const res = await fetch('?handler=Suggest&term=' + encodeURIComponent(input.value.trim()), { headers: { 'Accept': 'application/json' } });
            if (!res.ok) return;
            const items = await res.json();
            list.replaceChildren(...items.map(i => { const o = document.createElement('option'); o.value = i.sku; o.label = i.name + ' (' + i.unit + (i.packSize > 1 ? ', pack of ' + i.packSize : '') + ')'; return o; }));
        }, 200);
    });
    document.getElementById('sku-append').addEventListener('click', () => {
        const sku = input.value.trim(); const qty = document.getElementById('sku-qty').value.trim();
        if (!sku) return;
        lines.value = (lines.value && !lines.value.endsWith('\n') ? lines.value + '\n' : lines.value) + sku + '\t' + qty + '\n';
        input.value = ''; input.focus();
    });
})();
