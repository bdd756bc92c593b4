"""Sentences shared by every kind: in descriptions (common, "solidaire", rare and closing ones)
and at the end of summaries."""

GENERIC_SENTENCES = (
    "Les décisions importantes sont prises en assemblée générale, selon le principe "
    "« une personne, une voix ».",
    "Les habitants du quartier participent à chaque étape du projet.",
    "Le projet repose sur l'entraide entre voisins et sur l'engagement de nombreux bénévoles.",
    "L'association favorise l'insertion des personnes éloignées de l'emploi.",
    "Une attention particulière est portée à l'écologie : circuits courts, réemploi, sobriété.",
    "Les bénéfices éventuels sont réinvestis dans le projet plutôt que distribués.",
    "Des permanences ont lieu chaque {jour} en fin d'après-midi.",
    "Les adhérents sont invités à proposer de nouvelles activités.",
    "L'initiative est soutenue par la mairie et par le conseil départemental.",
    "Les activités sont accessibles aux personnes à mobilité réduite.",
    "Le collectif travaille en lien avec les centres sociaux, les écoles et les bailleurs du "
    "quartier.",
    "La cotisation annuelle est à prix libre, pour que personne ne soit exclu faute de moyens.",
    "Un conseil collégial, sans président, anime l'association.",
    "Les comptes sont publiés chaque année et présentés aux adhérents.",
    "Les savoir-faire des uns profitent aux autres : c'est la force du collectif.",
    "L'équipe salariée est épaulée par une quarantaine de bénévoles réguliers.",
    "Le projet contribue à la cohésion sociale et au lien entre générations.",
    "Des repas partagés réunissent régulièrement adhérents et voisins.",
    "Les familles monoparentales et les personnes âgées isolées sont particulièrement bienvenues.",
    "L'initiative a essaimé dans plusieurs communes voisines.",
    "Une lettre d'information mensuelle raconte la vie du collectif.",
    "La démarche s'appuie sur la participation des habitants plutôt que sur l'assistance.",
    "Les outils et les méthodes sont partagés librement avec d'autres associations.",
    "Des stages de découverte sont proposés aux jeunes du quartier pendant les vacances.",
    "Le lieu sert aussi de point de rencontre pour les associations du territoire.",
    "Une convention avec la ville garantit l'occupation du local à loyer modéré.",
    "Les nouveaux arrivants sont accueillis lors d'une réunion d'information mensuelle.",
    "L'association emploie des salariés en contrat aidé et forme ses bénévoles.",
    "Le fonctionnement repose sur la confiance et la coopération plutôt que sur la concurrence.",
    "Elle mène aussi des actions de sensibilisation dans les collèges et les lycées.",
    "Une partie de l'activité est financée par des subventions, le reste par les cotisations.",
    "La gouvernance associe salariés, bénévoles, usagers et partenaires.",
    "L'écologie et la justice sociale y vont de pair.",
)
# One of these in about half of the entries: "solidaire" is the benchmark's common word.
SOLIDAIRE_SENTENCES = (
    "Le projet s'inscrit dans l'économie sociale et solidaire.",
    "Une démarche solidaire, ouverte à tous les habitants.",
    "L'association est membre d'un réseau régional de l'économie solidaire.",
    "Elle défend une consommation plus solidaire et plus responsable.",
    "Un tarif solidaire est proposé aux bénéficiaires des minima sociaux.",
    "La finance solidaire permet ici de financer des projets utiles au territoire.",
)
SOLIDAIRE_PROBABILITY = 0.45
# Each of these in about 5 % of the entries (the 0.5–10 % band); the rare words are drawn from
# wordfreq (see texts.py).
RARE_SENTENCES = (
    "Un rucher pédagogique a été installé sur le toit : l'apiculture y est enseignée aux enfants.",
    "Un vélo-cargo assure les livraisons dans le quartier.",
    "Le lombricompostage est expliqué lors d'ateliers mensuels.",
    "Une grainothèque permet d'échanger des semences paysannes.",
    "La permaculture inspire l'aménagement des parcelles.",
    "Une friperie propose des vêtements de seconde main à petits prix.",
    "Des cours d'alphabétisation sont proposés aux adultes allophones.",
    "Une ludothèque prête des jeux de société aux familles.",
    "Un atelier de sérigraphie est ouvert aux jeunes le mercredi.",
    "Une conciergerie de quartier rend de petits services aux habitants.",
    "Les tiers-lieux du territoire accueillent régulièrement ses ateliers.",
    "Un fablab met imprimantes 3D et découpeuse laser à disposition.",
    "Une épicerie participative vend des produits en vrac, sans emballage.",
    "Une médiatrice numérique aide aux démarches administratives en ligne.",
    "Une chorale intergénérationnelle répète chaque semaine.",
    "Des maraudes sont organisées l'hiver auprès des personnes sans abri.",
)
RARE_PROBABILITY = 0.05
CLOSING_SENTENCES = (
    "Pour nous rejoindre, il suffit de passer lors d'une permanence.",
    "Toute personne intéressée peut assister à une réunion d'accueil.",
    "Les bénévoles sont toujours les bienvenus.",
    "Renseignements et inscriptions lors des permanences du {jour}.",
)
SUMMARY_ENDINGS = (
    "Ouvert à tous les habitants.",
    "Adhésion à prix libre.",
    "Bénévoles bienvenus.",
)
