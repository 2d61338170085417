// German strings that decap-cms-locales does not have yet (its English ones would show through).
// Only added where the package's German strings lack a key: an update of the package that
// brings its own translation wins. The test compares the keys with the English strings.
export const supplement = {
  collection: {
    collectionTop: {
      viewAsList: "Als Liste anzeigen",
      viewAsGrid: "Als Raster anzeigen",
    },
    entries: {
      unpublishedHeader: "Unveröffentlichte Einträge",
    },
  },
  editor: {
    editorControl: {
      field: {
        widgetLabel: "Feld %{widgetLabel}",
      },
    },
    editorInterface: {
      toggleNotes: "Notizen ein- oder ausblenden",
    },
    editorNotesPane: {
      title: "Notizen",
      emptyState: "Noch keine Notizen. Fügen Sie unten die erste hinzu.",
      addNote: "Notiz hinzufügen",
      addPlaceholder: "Notiz schreiben …",
      editPlaceholder: "Notiz bearbeiten …",
      save: "Speichern",
      cancel: "Abbrechen",
      edit: "Bearbeiten",
      delete: "Löschen",
      resolve: "Als erledigt markieren",
      unresolve: "Wieder öffnen",
      confirmDelete: "Möchten Sie diese Notiz wirklich löschen?",
      shortcut: "Tipp: Mit Strg+Eingabe fügen Sie die Notiz schnell hinzu",
    },
    editorWidgets: {
      markdown: {
        strikethrough: "Durchgestrichen",
        toggleMode: {
          rich: "Zur Textansicht wechseln",
          markdown: "Zur Markdown-Ansicht wechseln",
        },
      },
      image: {
        chooseMultiple: "Bilder auswählen",
        addMore: "Weitere Bilder hinzufügen",
        removeAll: "Alle Bilder entfernen",
      },
      file: {
        chooseMultiple: "Dateien auswählen",
        addMore: "Weitere Dateien hinzufügen",
        removeAll: "Alle Dateien entfernen",
      },
      datetime: {
        setToNow: "%{fieldLabel} auf jetzt setzen",
      },
      object: {
        expand: "Aufklappen",
        collapse: "Zuklappen",
      },
    },
  },
  mediaLibrary: {
    mediaLibraryModal: {
      close: "Schließen",
    },
  },
  ui: {
    settingsDropdown: {
      account: "Kontomenü",
    },
    toast: {
      noteAdded: "Notiz hinzugefügt",
      onFailToAddNote: "Die Notiz konnte nicht hinzugefügt werden: %{details}",
      noteUpdated: "Notiz geändert",
      onFailToUpdateNote: "Die Notiz konnte nicht geändert werden: %{details}",
      noteDeleted: "Notiz gelöscht",
      onFailToDeleteNote: "Die Notiz konnte nicht gelöscht werden: %{details}",
      noteResolved: "Notiz als erledigt markiert",
      noteReopened: "Notiz wieder geöffnet",
      onFailToToggleNote: "Der Status der Notiz konnte nicht geändert werden: %{details}",
    },
  },
};

// The package's German strings with the supplement filled in where a key is missing.
export function completeGermanStrings(strings, extra = supplement) {
  const result = { ...strings };
  for (const [key, value] of Object.entries(extra)) {
    const own = result[key];
    if (value && typeof value === "object") {
      result[key] = completeGermanStrings(own && typeof own === "object" ? own : {}, value);
    } else if (own === undefined) {
      result[key] = value;
    }
  }
  return result;
}
