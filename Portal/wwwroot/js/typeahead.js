// Type-ahead for the header search (progressive enhancement: without it the box is a plain search form).
// An ARIA combobox: suggestions of products and categories from the input's data-typeahead URL (/Catalog/Suggest),
// arrow keys move through them, Enter opens the chosen one (or searches as typed when none is chosen), Escape closes.
(() => {
    const input = document.querySelector('input[data-typeahead]');
    if (!input) return;
    const url = input.getAttribute('data-typeahead');
    const list = document.createElement('ul');
    list.id = `${input.id}-suggestions`;
    list.className = 'typeahead list-unstyled';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggestions');
    list.hidden = true;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    let timer;
    let active = -1;
    let options = [];
    let request = 0;

    const close = () => {
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        input.removeAttribute('aria-activedescendant');
        active = -1;
    };
    const group = (entries, heading) => {
        if (!entries || entries.length === 0) return;
        const title = document.createElement('li');
        title.className = 'typeahead-heading';
        title.setAttribute('role', 'presentation');
        title.textContent = heading;
        list.appendChild(title);
        for (const entry of entries) {
            // The link itself is the option (a link inside an option would be a control nested in a control).
            const item = document.createElement('li');
            item.className = 'typeahead-option';
            item.setAttribute('role', 'none');
            const option = document.createElement('a');
            option.id = `${list.id}-${options.length}`;
            option.href = entry.url;
            option.tabIndex = -1;
            option.setAttribute('role', 'option');
            option.setAttribute('aria-selected', 'false');
            const label = document.createElement('span');
            label.textContent = entry.label;
            const detail = document.createElement('span');
            detail.className = 'typeahead-detail';
            detail.textContent = entry.detail;
            option.append(label, detail);
            item.appendChild(option);
            list.appendChild(item);
            options.push(option);
        }
    };
    const load = async () => {
        const query = input.value.trim();
        const mine = ++request;
        if (query.length < 2) { close(); return; }
        try {
            const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
            if (!response.ok || mine !== request) return;
            const data = await response.json();
            if (mine !== request) return;
            list.replaceChildren();
            options = [];
            active = -1;
            group(data.products, 'Products');
            group(data.categories, 'Categories');
            if (options.length === 0) { close(); return; }
            list.hidden = false;
            input.setAttribute('aria-expanded', 'true');
        } catch {
            close();
        }
    };
    const move = step => {
        if (options.length === 0) return;
        if (active >= 0) {
            options[active].classList.remove('active');
            options[active].setAttribute('aria-selected', 'false');
        }
        active = (active + step + options.length) % options.length;
        options[active].classList.add('active');
        options[active].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[active].id);
        options[active].scrollIntoView({ block: 'nearest' });
    };

    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 150); });
    input.addEventListener('keydown', event => {
        if (event.key === 'ArrowDown') { event.preventDefault(); if (list.hidden) load(); else move(1); }
        else if (event.key === 'ArrowUp') { event.preventDefault(); move(-1); }
        else if (event.key === 'Escape') { close(); }
        else if (event.key === 'Enter' && active >= 0 && !list.hidden) {
            event.preventDefault();
            location.assign(options[active].href);
        }
    });
    // A click on a suggestion lands before the box loses focus.
    list.addEventListener('mousedown', event => event.preventDefault());
    input.addEventListener('blur', close);
})();
