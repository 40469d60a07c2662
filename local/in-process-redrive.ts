import { type AdminHandler, answerRedriveInProcess } from '#redrive/remote';

/**
 * Locally there is no admin redrive function to invoke: its handler answers in this process,
 * through the same JSON payload, so the local platform and the tests exercise its code. Import this
 * module before the GraphQL handler serves a redrive.
 */
answerRedriveInProcess(async () => (await import('#redrive/handler')).handler as AdminHandler);
