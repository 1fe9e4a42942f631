// Hydrogen drumkit.xml, read with libxml2. Two layouts exist: before Hydrogen 0.9.7 an
// <instrument> holds its <filename> directly or in <layer> elements; from 0.9.7 the layers sit
// in <instrumentComponent> elements. Elements are matched by local name, so the file's
// namespace (http://www.hydrogen-music.org/drumkit) does not matter.
#include "HydrogenKit.h"

#include "phonon/rt/Samples.h"
#include "phonon/rt/SharedLibrary.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <memory>

namespace phonon::rt {

namespace {

namespace fs = std::filesystem;

/// libxml2's functions, from the library loaded when a kit is first read: linked into the
/// program, libxml2 and what it links (ICU's 30 MB, liblzma) were loaded and relocated by every
/// process, `phonon render` included, for about 0.6 ms of CPU each.
struct LibXml2 {
  decltype(&::xmlReadFile) ReadFile;
  decltype(&::xmlFreeDoc) FreeDoc;
  decltype(&::xmlGetLastError) GetLastError;
  decltype(&::xmlDocGetRootElement) DocGetRootElement;
  // The content through a buffer: xmlNodeGetContent's result is freed with xmlFree, a variable
  // (or, in some builds, a macro over a function) rather than a function to look up.
  decltype(&::xmlBufferCreate) BufferCreate;
  decltype(&::xmlBufferFree) BufferFree;
  decltype(&::xmlBufferContent) BufferContent;
  decltype(&::xmlNodeBufGetContent) NodeBufGetContent;
};

/// The library, loaded once (it stays loaded); throws SampleError when it cannot be.
const LibXml2& libxml2() {
  static LibXml2 library;
  static std::string loadError;
  static const bool loaded = [] {
    SharedLibrary xml;
    if (xml.open(PHONON_LIBXML2_SONAME, loadError) &&
        xml.find(library.ReadFile, "xmlReadFile", loadError) &&
        xml.find(library.FreeDoc, "xmlFreeDoc", loadError) &&
        xml.find(library.GetLastError, "xmlGetLastError", loadError) &&
        xml.find(library.DocGetRootElement, "xmlDocGetRootElement", loadError) &&
        xml.find(library.BufferCreate, "xmlBufferCreate", loadError) &&
        xml.find(library.BufferFree, "xmlBufferFree", loadError) &&
        xml.find(library.BufferContent, "xmlBufferContent", loadError) &&
        xml.find(library.NodeBufGetContent, "xmlNodeBufGetContent", loadError))
      return true;
    loadError = "cannot read Hydrogen kits: " + loadError;
    return false;
  }();
  if (!loaded) throw SampleError(loadError);
  return library;
}

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* name) {
  std::vector<const xmlNode*> found;
  for (const xmlNode* c = parent->children; c; c = c->next)
    if (named(c, name)) found.push_back(c);
  return found;
}

/// The element's text, surrounding whitespace removed.
std::string text(const xmlNode* node) {
  const LibXml2& xml = libxml2();
  std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer(xml.BufferCreate(), xml.BufferFree);
  std::string s;
  if (buffer && xml.NodeBufGetContent(buffer.get(), node) == 0)
    if (const xmlChar* content = xml.BufferContent(buffer.get()))
      s = reinterpret_cast<const char*>(content);
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), space).base(), s.end());
  return s;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

/// The instrument's own name as a sound: lowercased, each space an underscore.
std::string ownSoundName(std::string_view instrumentName) {
  std::string s = lowercase(instrumentName);
  std::replace(s.begin(), s.end(), ' ', '_');
  return s;
}

/// The instrument's sample files in layer order: its own <filename>, then those of its <layer>s,
/// then those of the <layer>s of each <instrumentComponent>.
std::vector<std::string> instrumentFiles(const xmlNode* instrument) {
  std::vector<std::string> files;
  auto addLayers = [&](const xmlNode* parent) {
    for (const xmlNode* layer : children(parent, "layer"))
      for (const xmlNode* file : children(layer, "filename")) files.push_back(text(file));
  };
  for (const xmlNode* file : children(instrument, "filename")) files.push_back(text(file));
  addLayers(instrument);
  for (const xmlNode* component : children(instrument, "instrumentComponent")) addLayers(component);
  files.erase(std::remove(files.begin(), files.end(), std::string()), files.end());
  return files;
}

void append(std::vector<std::pair<std::string, std::vector<std::string>>>& sounds,
            const std::string& name, const std::vector<std::string>& files) {
  auto it =
      std::find_if(sounds.begin(), sounds.end(), [&](const auto& s) { return s.first == name; });
  if (it == sounds.end()) {
    sounds.emplace_back(name, files);
    return;
  }
  it->second.insert(it->second.end(), files.begin(), files.end());
}

} // namespace

std::string hydrogenSoundFor(std::string_view instrumentName) {
  const std::string name = lowercase(instrumentName);
  const bool hat = contains(name, "hat") || contains(name, "hh") || contains(name, "hihat");
  if (contains(name, "kick") || contains(name, "bass drum") || contains(name, "bassdrum"))
    return "bd";
  // Before `snare`: "Snare Rim" and "Side Stick" are rim shots.
  if (contains(name, "rim") || contains(name, "stick")) return "rim";
  if (contains(name, "snare")) return "sn";
  if (contains(name, "clap")) return "cp";
  if (hat && contains(name, "open")) return "oh";
  if (hat) return "hh";
  if (contains(name, "cowbell")) return "cb";
  if (contains(name, "crash")) return "cr";
  if (contains(name, "ride")) return "ride";
  if (contains(name, "tom")) {
    if (contains(name, "floor") || contains(name, "low")) return "lt";
    if (contains(name, "mid")) return "mt";
    if (contains(name, "high") || contains(name, "hi ")) return "ht";
    return "tom";
  }
  return "perc";
}

HydrogenKit readHydrogenKit(const std::string& folder) {
  const std::string path = (fs::path(folder) / "drumkit.xml").string();
  // No network, no error text on stderr (the exception carries it), entities left unexpanded.
  const LibXml2& xml = libxml2();
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xml.ReadFile(path.c_str(), nullptr,
                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xml.FreeDoc);
  if (!doc) {
    const xmlError* error = xml.GetLastError();
    std::string detail = error && error->message ? error->message : "unreadable";
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    std::string where = error && error->line > 0 ? ":" + std::to_string(error->line) : "";
    throw SampleError(path + where + ": not a valid Hydrogen drumkit: " + detail);
  }
  const xmlNode* root = xml.DocGetRootElement(doc.get());
  if (!root || !named(root, "drumkit_info"))
    throw SampleError(path + ": not a Hydrogen drumkit: the root element is not "
                             "<drumkit_info>");

  HydrogenKit kit;
  kit.folder = folder;
  std::vector<std::pair<std::string, std::vector<std::string>>> ownNames;
  for (const xmlNode* list : children(root, "instrumentList"))
    for (const xmlNode* instrument : children(list, "instrument")) {
      std::vector<const xmlNode*> nameNodes = children(instrument, "name");
      std::string name = nameNodes.empty() ? "" : text(nameNodes.front());
      std::vector<std::string> files;
      for (const std::string& file : instrumentFiles(instrument)) {
        fs::path full = fs::path(file).is_absolute() ? fs::path(file) : fs::path(folder) / file;
        std::error_code ec;
        if (!fs::is_regular_file(full, ec))
          throw SampleError(path + ": instrument '" + name + "' names " + file +
                            ", which is not a file in " + folder);
        files.push_back(full.string());
      }
      if (files.empty()) continue;
      append(kit.sounds, hydrogenSoundFor(name), files);
      if (!name.empty()) append(ownNames, ownSoundName(name), files);
    }
  // A category (bd, sn, …) wins over an instrument that happens to be called the same.
  for (const auto& [name, files] : ownNames) {
    bool isCategory = std::any_of(kit.sounds.begin(), kit.sounds.end(),
                                  [&](const auto& s) { return s.first == name; });
    if (!isCategory) kit.sounds.emplace_back(name, files);
  }
  return kit;
}

} // namespace phonon::rt
