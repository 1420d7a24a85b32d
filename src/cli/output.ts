/** Writing to stdout/stderr and waiting until the data is handed to the OS (before the process exits). */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    stream.write(text, () => resolve());
  });
}

export const writeOut = (text: string): Promise<void> => write(process.stdout, text);
export const writeErr = (text: string): Promise<void> => write(process.stderr, text);
