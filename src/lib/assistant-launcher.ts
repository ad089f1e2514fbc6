// The assistant's launcher: static HTML and CSS in every page (a link to /contact/ without
// JavaScript); with JavaScript it becomes a button that loads the assistant's module on first use.
export function initAssistantLauncher() {
  const link = document.querySelector<HTMLAnchorElement>('a[data-assistant-launcher]');
  if (!link) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = link.className;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-controls', 'assistant');
  button.replaceChildren(...link.childNodes);
  button.dataset.assistantLauncher = '';
  link.replaceWith(button);
  button.addEventListener('click', async () => {
    button.setAttribute('aria-busy', 'true');
    try {
      const { openAssistant } = await import('./assistant-client');
      openAssistant(button);
    } catch {
      location.href = '/contact/';
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
}
