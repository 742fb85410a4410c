/**
 * The deeper pass of `newsgraph relink --deep`: a doubtful name candidate (a given name and a
 * capitalised word, mentioned once, nothing else vouching for it) is kept only when the
 * `compromise` NLP library also reads it as a person in its sentence. compromise is far slower
 * than the default linker (tens of articles a second), so it is loaded and used only here.
 */
export async function deepConfirmation(): Promise<(name: string, sentence: string) => boolean> {
  const nlp = (await import("compromise")).default;
  return (name, sentence) => {
    const people: string[] = nlp(sentence).people().out("array");
    const surname = name.split(" ").at(-1) ?? name;
    return people.some((person) => person.includes(surname));
  };
}
