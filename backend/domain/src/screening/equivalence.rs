//! Cross-script name-equivalence groups: forms of one name across languages and scripts
//! (Giorgi, Georgy, George, Георгий, გიორგი).
//!
//! A small built-in table covers the given names most common in Georgia, its neighbours and
//! the Arabic-speaking world. The much larger Wikidata-mined corpus that OpenSanctions' rigour
//! package ships (`persons.txt`, the same `form, form => Q123` line format) can be loaded with
//! [`NameEquivalences::from_group_lines`] and handed to [`crate::screening::Screener::with_equivalences`].

use std::collections::HashMap;

use super::normalize::{fold_transliteration, normalize_name};

/// Built-in groups, one per line, in the rigour line format (the ids are local). Common
/// Georgian and Russian hypocorisms ride with their full name (Giga and Gogi with Giorgi, Soso
/// with Iosif): documents and lists use them as the name itself.
const BUILT_IN_GROUPS: &str = "\
giorgi, georgi, georgy, georgiy, georgij, george, georges, georg, heorhiy, heorhii, giga, gogi, goga, gogita, гига, гоги, გიგა, გოგი, гиорги, георгий, георгій, გიორგი => B1
aleksandre, aleksandr, alexander, alexandre, alexandr, oleksandr, olexandr, alex, sandro, sasha, саша, სანდრო, александр, олександр, ალექსანდრე => B2
mikheil, mikhail, michail, mykhailo, mykhaylo, michael, mikhael, mihail, misha, миша, მიშა, михаил, михайло, მიხეილ => B3
davit, david, daviti, dawid, dovud, davud, datuna, დათუნა, давид, დავით => B4
nikoloz, nikolai, nikolay, mykola, nicholas, nikola, nicolas, niko, kolya, коля, николай, микола, ნიკოლოზ => B5
irakli, iraklii, irakliy, heraclius, ираклий, ირაკლი => B6
zurab, zurabi, зураб, ზურაბ => B7
levan, levani, леван, ლევან => B8
tamar, tamara, tamari, tamuna, tako, თამუნა, თაკო, тамара, თამარ => B9
ekaterine, ekaterina, kateryna, katerina, catherine, katherine, kathryn, katharina, kate, katya, катя, ketevan, екатерина, катерина, ეკატერინე => B10
nino, nina, нино, ნინო => B11
ivan, ivane, iwan, ioann, vanya, ваня, иван, іван, ივანე, john, johann, johannes, juan, jean, giovanni, joao, ioane, იოანე => B12
petre, petr, pyotr, petro, peter, пётр, петр, петро, პეტრე => B13
pavle, pavel, pavlo, paul, павел, павло, პავლე => B14
andria, andrei, andrey, andriy, andrii, andrew, andreas, андрей, андрій, ანდრია => B15
sergei, sergey, serhiy, serhii, sergii, sergo, сергей, сергій, სერგო => B16
dmitri, dmitry, dmitriy, dmytro, demetre, dimitri, dima, дима, дмитрий, дмитро, დემეტრე => B17
vladimir, volodymyr, wladimir, vladimer, volodya, vova, lado, володя, вова, ლადო, владимир, володимир, ვლადიმერ => B18
konstantine, konstantin, kostiantyn, kostyantyn, constantine, kote, კოტე, константин, костянтин, კონსტანტინე => B19
elene, elena, olena, helen, helena, елена, олена, ელენე => B20
mariam, maria, mariya, mariia, mary, marie, maryam, мария, марія, მარიამ => B21
anna, ana, ganna, hanna, анна, ганна, ანა => B22
natalia, natalya, nataliya, natalie, наталья, наталія, ნატალია => B23
tatiana, tatyana, tetiana, tetyana, татьяна, тетяна, ტატიანა => B24
iosif, joseph, josef, yosef, iosebi, soso, сосо, სოსო, иосиф, йосип, იოსებ => B25
ibrahim, ebrahim, ибрагим, იბრაჰიმ => B26
muhammad, mohammad, mohammed, muhammed, mohamed, mohamad, mehmet, mehmed, magomed, mukhammad, мухаммед, магомед => B27
ahmad, ahmed, akhmed, ahmet, ахмед => B28
hassan, hasan, gasan, hasen, хасан, гасан => B29
hussein, husain, hussain, husayn, huseyin, gusein, хусейн, гусейн => B30
ali, alii, aly, али, ალი => B31
abdullah, abdallah, abdulla, abdula, абдулла => B32
abdulrahman, abdurrahman, abdelrahman, abderrahmane, abdul rahman, абдурахман => B33
omar, umar, omer, умар, омар => B34
osman, usman, othman, uthman, осман, усман => B35
yusuf, yousuf, yousef, youssef, jusuf, юсуф => B36
khalid, khaled, halid, halit, халид => B37
mahmoud, mahmud, mahmood, махмуд => B38
mustafa, mostafa, moustafa, мустафа => B39
rashid, rasheed, rachid, reshat, рашид => B40
said, saeed, sayid, saied, саид => B41
yaqub, yakub, jacob, yakov, iakob, yakiv, якуб, яков, იაკობ => B42
ismail, ismayil, ismael, исмаил => B43
suleiman, sulayman, suleyman, sulejman, soliman, сулейман => B44
ilia, ilya, illia, илья, ілля, ილია => B45
grigol, grigori, grigory, hryhoriy, gregory, григорий, григорій, გრიგოლ => B46
shota, шота, შოთა => B47
vakhtang, вахтанг, ვახტანგ => B48
tengiz, тенгиз, თენგიზ => B49
otar, otari, отар, ოთარ => B50
theodore, ted, teddy, teodor, theodoros, fyodor, fedor, fiodor, tedo, თედო, фёдор, федор, теодор => B51
edward, ted, eddie, eduard, edvard, edouard, eduardo, эдуард, ედუარდ => B52
benjamin, bibi, binyamin, veniamin, beniamin, вениамин, ბენიამინ => B53
william, bill, billy, wilhelm, willem, guillaume, guillermo, вильям => B54
robert, bob, bobby, robby, роберт, რობერტ => B55
richard, dick, rick, ricky, ричард, რიჩარდ => B56
james, jim, jimmy, jaime, джеймс => B57
elizabeth, elisabeth, elizaveta, elisaveta, liz, lisa, betty, елизавета, ელისაბედ => B58
thomas, tom, tommy, tomas, foma, фома, томас => B59
";

/// Groups of name forms that denote the same name, looked up by folded Latin spelling.
#[derive(Debug, Clone, Default)]
pub struct NameEquivalences {
    groups_by_form: HashMap<String, Vec<u32>>,
}

impl NameEquivalences {
    /// The built-in table for Georgian, Slavic and Arabic given names.
    pub fn built_in() -> Self {
        Self::from_group_lines(BUILT_IN_GROUPS)
    }

    /// Reads `form, form, … => ID` lines (rigour's `persons.txt` format). Blank lines, comment
    /// lines (`#`) and lines without `=>` are skipped; forms of one or two letters are ignored
    /// because they are too ambiguous to equate.
    pub fn from_group_lines(text: &str) -> Self {
        let mut equivalences = Self::default();
        equivalences.add_group_lines(text);
        equivalences
    }

    /// Adds more groups, e.g. the built-in table after a large corpus.
    pub fn add_group_lines(&mut self, text: &str) {
        let first_new_group = self.group_count();
        let groups = text.lines().filter_map(|line| line.split_once("=>").map(|(forms, _)| forms));
        for (offset, forms) in groups.enumerate() {
            let group = first_new_group + offset as u32;
            for form in forms.split(',') {
                self.add_form(form, group);
            }
        }
    }

    fn add_form(&mut self, form: &str, group: u32) {
        let key = equivalence_key(form);
        if key.len() <= 2 {
            return;
        }
        let groups = self.groups_by_form.entry(key).or_default();
        if !groups.contains(&group) {
            groups.push(group);
        }
    }

    fn group_count(&self) -> u32 {
        self.groups_by_form.values().flatten().max().map_or(0, |max| max + 1)
    }

    /// The groups a token belongs to (empty when none).
    pub fn groups_of(&self, token: &str) -> &[u32] {
        self.groups_of_folded(&fold_transliteration(token))
    }

    /// The groups of a token already folded with [`fold_transliteration`], so that a caller who
    /// has the folded form does not fold twice.
    pub fn groups_of_folded(&self, folded: &str) -> &[u32] {
        self.groups_by_form.get(folded).map_or(&[], Vec::as_slice)
    }

    /// True when the two tokens are forms of one name.
    pub fn are_equivalent(&self, left: &str, right: &str) -> bool {
        let right_groups = self.groups_of(right);
        self.groups_of(left).iter().any(|group| right_groups.contains(group))
    }

    pub fn is_empty(&self) -> bool {
        self.groups_by_form.is_empty()
    }
}

/// A form's key: romanised, tokens joined, folded ("Abdul Rahman" and "abdulrahman" agree).
fn equivalence_key(form: &str) -> String {
    fold_transliteration(&normalize_name(form).concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_groups_equate_georgian_cyrillic_and_latin_forms() {
        let equivalences = NameEquivalences::built_in();
        assert!(equivalences.are_equivalent("giorgi", "georgiy"));
        assert!(equivalences.are_equivalent("oleksandr", "aleksandr"));
        assert!(equivalences.are_equivalent("ahmad", "ahmed"));
        assert!(!equivalences.are_equivalent("giorgi", "nikoloz"));
        assert!(equivalences.are_equivalent("giga", "giorgi"), "hypocorisms ride with their name");
        assert!(equivalences.are_equivalent("ted", "theodore") && equivalences.are_equivalent("ted", "edward"));
        assert!(!equivalences.are_equivalent("theodore", "edward"), "a shared short form does not merge two names");
        assert!(equivalences.are_equivalent("juan", "ivane") && equivalences.are_equivalent("bibi", "benjamin"));
    }

    #[test]
    fn group_lines_in_rigour_format_are_read_and_junk_lines_skipped() {
        let equivalences = NameEquivalences::from_group_lines(
            "# comment\nurvancev, urvantsev, урванцев => Q1\nno arrow here\n\nx, y => Q2\n",
        );
        assert!(equivalences.are_equivalent("urvantsev", "urvancev"));
        assert!(equivalences.groups_of("x").is_empty());
    }
}
