/**
 * Removes a secret from text that may reach a log: error messages from fetch or from GitHub can
 * echo request details, and a CI log is public on open-source repositories.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('***');
}
